//! A small Markdown dialect turned into a node tree, never into an HTML string.
//!
//! Blocks: paragraphs (a newline is a line break, as model output expects), `#` headings,
//! fenced code (a fence marked `diff` has each line marked added, removed or unchanged), `>` quotes, `-`/`*`/`+` and `1.` lists, `---` rules. Inlines: `code`, `**strong**`,
//! `*emphasis*`, `[links](url)`, `![images](url)`, `<https://autolinks>`, backslash escapes.
//! Anything else, raw HTML included, stays literal text. Every URL passes [`crate::text::url_policy`]
//! while parsing, so a renderer cannot forget to check one. All passes are linear or bounded by
//! a fixed nesting depth, so hostile input cannot make parsing slow or overflow the stack.
//!
//! Written here rather than taken from a crate: a full CommonMark parser costs about 150 KB of
//! wasm, more than the rest of the widget's logic.

use crate::text::url_policy::{allow_image, allow_link};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Code(String),
    /// A fenced block marked `diff`: each line as written (its `+` or `-` kept, so the marker
    /// is seen, not only a colour) with what it does.
    Diff(Vec<(Change, String)>),
    Quote(Vec<Block>),
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    /// `href` is `None` when the URL was refused: the text is shown, not linked.
    Link {
        href: Option<String>,
        content: Vec<Inline>,
    },
    /// `src` is `None` when the origin is not allowed: a placeholder with the alt text is shown.
    Image {
        src: Option<String>,
        alt: String,
    },
    LineBreak,
}

/// What a line of a diff does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    /// Context, a hunk header (`@@`) or a file header (`+++`, `---`).
    Same,
}

impl Change {
    /// A unified diff's line: `+` added, `-` removed, except the `+++ ` and `--- ` file headers.
    fn of(line: &str) -> Change {
        if line.starts_with("+++ ") || line.starts_with("--- ") {
            Change::Same
        } else if line.starts_with('+') {
            Change::Added
        } else if line.starts_with('-') {
            Change::Removed
        } else {
            Change::Same
        }
    }
}

/// Deeper nesting than this is shown as literal text.
const MAX_DEPTH: usize = 16;

/// Whether `text` may hold a link once parsed (`[text](url)` or `<url>`): without one of these
/// characters it certainly holds none, so its rendering can be hidden from a name (a link is
/// never inside hidden content) without parsing it again.
pub fn may_link(text: &str) -> bool {
    text.contains(['<', ']'])
}

/// Parses `text`; images are kept only from `image_origins`.
pub fn parse(text: &str, image_origins: &[String]) -> Vec<Block> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    let p = Parser { image_origins };
    p.blocks(&lines, 0)
}

struct Parser<'a> {
    image_origins: &'a [String],
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn fence_of(t: &str) -> Option<&'static str> {
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

fn heading_of(t: &str) -> Option<(u8, &str)> {
    let hashes = t.bytes().take_while(|b| *b == b'#').count();
    let rest = &t[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (hashes as u8, rest.trim().trim_end_matches('#').trim_end()))
}

/// Three or more of one of `-`, `*`, `_`, spaces between allowed. Asked of every line, so it
/// allocates nothing and stops at the first other character.
fn is_rule(t: &str) -> bool {
    let mut marks = t.bytes().filter(|b| *b != b' ');
    let Some(m) = marks.next().filter(|m| matches!(m, b'-' | b'*' | b'_')) else {
        return false;
    };
    let mut count = 1;
    for b in marks {
        if b != m {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// A list marker: (ordered, start number, width of marker plus its space).
fn marker_of(t: &str) -> Option<(bool, u64, usize)> {
    let b = t.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return Some((false, 1, 2));
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && b.len() > digits + 1
        && matches!(b[digits], b'.' | b')')
        && b[digits + 1] == b' '
    {
        return Some((true, t[..digits].parse().ok()?, digits + 2));
    }
    None
}

fn starts_block(t: &str) -> bool {
    fence_of(t).is_some()
        || heading_of(t).is_some()
        || t.starts_with('>')
        || is_rule(t)
        || marker_of(t).is_some()
}

impl Parser<'_> {
    fn blocks(&self, lines: &[&str], depth: usize) -> Vec<Block> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            if t.is_empty() {
                i += 1;
                continue;
            }
            if depth >= MAX_DEPTH {
                // Too deep to be anything but hostile: the rest is shown as it was written.
                out.push(Block::Paragraph(vec![Inline::Text(lines[i..].join("\n"))]));
                break;
            }
            if let Some(fence) = fence_of(t) {
                let start = i + 1;
                let mut end = start;
                while end < lines.len() && !lines[end].trim_start().starts_with(fence) {
                    end += 1;
                }
                let body = &lines[start..end.min(lines.len())];
                // The info string's first word names the language: `diff` (or `patch`).
                let lang = t[fence.len()..].split_whitespace().next();
                out.push(if matches!(lang, Some("diff" | "patch")) {
                    Block::Diff(
                        body.iter()
                            .map(|l| (Change::of(l), l.to_string()))
                            .collect(),
                    )
                } else {
                    Block::Code(body.join("\n"))
                });
                i = end + 1;
            } else if let Some((level, text)) = heading_of(t) {
                out.push(Block::Heading {
                    level,
                    content: self.inlines(text, depth),
                });
                i += 1;
            } else if is_rule(t) {
                out.push(Block::Rule);
                i += 1;
            } else if t.starts_with('>') {
                let mut inner = Vec::new();
                while i < lines.len() && lines[i].trim_start().starts_with('>') {
                    let rest = &lines[i].trim_start()[1..];
                    inner.push(rest.strip_prefix(' ').unwrap_or(rest));
                    i += 1;
                }
                out.push(Block::Quote(self.blocks(&inner, depth + 1)));
            } else if let Some((ordered, start, _)) = marker_of(t) {
                let (items, next) = self.list(lines, i, ordered, depth);
                out.push(Block::List {
                    ordered,
                    start,
                    items,
                });
                i = next;
            } else {
                let mut para = vec![t.trim_end()];
                i += 1;
                while i < lines.len() {
                    let t = lines[i].trim_start();
                    if t.is_empty() || starts_block(t) {
                        break;
                    }
                    para.push(t.trim_end());
                    i += 1;
                }
                out.push(Block::Paragraph(self.inlines(&para.join("\n"), depth)));
            }
        }
        out
    }

    /// The items of a list starting at line `i`; returns them and the first line after.
    fn list(
        &self,
        lines: &[&str],
        mut i: usize,
        ordered: bool,
        depth: usize,
    ) -> (Vec<Vec<Block>>, usize) {
        let mut items = Vec::new();
        while i < lines.len() {
            let base = indent_of(lines[i]);
            let t = lines[i].trim_start();
            let Some((o, _, width)) = marker_of(t) else {
                break;
            };
            if o != ordered {
                break;
            }
            let mut item: Vec<&str> = vec![&t[width..]];
            i += 1;
            while i < lines.len() {
                let line = lines[i];
                let t = line.trim_start();
                if t.is_empty() {
                    let continues = lines
                        .get(i + 1)
                        .is_some_and(|n| !n.trim().is_empty() && indent_of(n) > base + 1);
                    if !continues {
                        break;
                    }
                    item.push("");
                } else if indent_of(line) > base + 1 {
                    let strip = indent_of(line).min(base + width);
                    item.push(&line[strip..]);
                } else if !starts_block(t) {
                    item.push(t); // a lazy continuation of the item's paragraph
                } else {
                    break;
                }
                i += 1;
            }
            items.push(self.blocks(&item, depth + 1));
            while i < lines.len() && lines[i].trim().is_empty() {
                let next_is_item = lines
                    .get(i + 1)
                    .and_then(|n| marker_of(n.trim_start()))
                    .is_some_and(|m| m.0 == ordered);
                if !next_is_item {
                    return (items, i);
                }
                i += 1;
            }
        }
        (items, i)
    }

    fn inlines(&self, text: &str, depth: usize) -> Vec<Inline> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        self.inline_run(&chars, depth, &mut out);
        merge_text(out)
    }

    fn inline_run(&self, chars: &[char], depth: usize, out: &mut Vec<Inline>) {
        let n = chars.len();
        let brackets = match_brackets(chars);
        let next_paren = next_index_of(chars, ')');
        // A link's address may hold balanced parentheses (CommonMark), as Wikipedia's do:
        // `(…_(planet))` ends at the `)` matching its `(`, else at the next `)`.
        let parens = match_pairs(chars, '(', ')');
        // Built at the first backtick: most runs (and most nested ones) have none.
        let mut code: Option<CodeRuns> = None;
        // For each delimiter kind, a position from which no closer exists, so failed searches
        // are never repeated (keeps `****…` linear).
        let mut no_closer = Memo::default();
        let mut text = String::new();
        let flush = |text: &mut String, out: &mut Vec<Inline>| {
            if !text.is_empty() {
                out.push(Inline::Text(std::mem::take(text)));
            }
        };
        let mut i = 0;
        while i < n {
            let c = chars[i];
            match c {
                '\\' if i + 1 < n && chars[i + 1].is_ascii_punctuation() => {
                    text.push(chars[i + 1]);
                    i += 2;
                }
                '\n' => {
                    flush(&mut text, out);
                    out.push(Inline::LineBreak);
                    i += 1;
                }
                '`' => {
                    let k = run_len(chars, i, '`');
                    let runs = code.get_or_insert_with(|| CodeRuns::new(chars));
                    match runs.close(i + k, k) {
                        Some(j) => {
                            flush(&mut text, out);
                            let code: String = chars[i + k..j].iter().collect();
                            let code = code.replace('\n', " ");
                            let trimmed =
                                if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') {
                                    code[1..code.len() - 1].to_string()
                                } else {
                                    code
                                };
                            out.push(Inline::Code(trimmed));
                            i = j + k;
                        }
                        None => {
                            text.extend(&chars[i..i + k]);
                            i += k;
                        }
                    }
                }
                '!' if chars.get(i + 1) == Some(&'[') => {
                    match link_parts(chars, i + 1, &brackets, (&parens, &next_paren)) {
                        Some((close, url, end)) => {
                            flush(&mut text, out);
                            let alt: String = chars[i + 2..close].iter().collect();
                            out.push(Inline::Image {
                                src: allow_image(&url, self.image_origins),
                                alt,
                            });
                            i = end;
                        }
                        None => {
                            text.push('!');
                            i += 1;
                        }
                    }
                }
                '[' => match link_parts(chars, i, &brackets, (&parens, &next_paren)) {
                    Some((close, url, end)) => {
                        flush(&mut text, out);
                        let mut content = Vec::new();
                        self.nested(&chars[i + 1..close], depth, &mut content);
                        out.push(Inline::Link {
                            href: allow_link(&url),
                            content: merge_text(content),
                        });
                        i = end;
                    }
                    None => {
                        text.push('[');
                        i += 1;
                    }
                },
                '<' => match autolink_end(chars, i) {
                    Some(close) => {
                        flush(&mut text, out);
                        let url: String = chars[i + 1..close].iter().collect();
                        out.push(Inline::Link {
                            href: allow_link(&url),
                            content: vec![Inline::Text(url)],
                        });
                        i = close + 1;
                    }
                    None => {
                        text.push('<');
                        i += 1;
                    }
                },
                '*' | '_' => {
                    let run = run_len(chars, i, c);
                    let d = if run >= 2 { 2 } else { 1 };
                    let intraword = c == '_' && i > 0 && chars[i - 1].is_alphanumeric();
                    let opens = chars.get(i + d).is_some_and(|x| !x.is_whitespace());
                    let close = if intraword || !opens || depth >= MAX_DEPTH {
                        None
                    } else {
                        find_emph_close(chars, i + d, c, d, &mut no_closer)
                    };
                    match close {
                        Some(j) => {
                            flush(&mut text, out);
                            let mut inner = Vec::new();
                            self.nested(&chars[i + d..j], depth, &mut inner);
                            let inner = merge_text(inner);
                            out.push(if d == 2 {
                                Inline::Strong(inner)
                            } else {
                                Inline::Emphasis(inner)
                            });
                            i = j + d;
                        }
                        None => {
                            text.extend(&chars[i..i + run]);
                            i += run;
                        }
                    }
                }
                _ => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        flush(&mut text, out);
    }

    fn nested(&self, chars: &[char], depth: usize, out: &mut Vec<Inline>) {
        if depth + 1 >= MAX_DEPTH {
            out.push(Inline::Text(chars.iter().collect()));
        } else {
            self.inline_run(chars, depth + 1, out);
        }
    }
}

/// For each delimiter kind (char and run length), a position from which no closer exists.
/// Few kinds occur in practice, so a list beats a hash map (and its code in the wasm).
#[derive(Default)]
struct Memo(Vec<((char, usize), usize)>);

impl Memo {
    fn get(&self, key: &(char, usize)) -> Option<&usize> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn insert(&mut self, key: (char, usize), from: usize) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = from,
            None => self.0.push((key, from)),
        }
    }
}

fn run_len(chars: &[char], i: usize, c: char) -> usize {
    chars[i..].iter().take_while(|x| **x == c).count()
}

/// For every `[`, the index of its matching `]` (escaped brackets ignored). One linear pass.
fn match_brackets(chars: &[char]) -> Vec<Option<usize>> {
    match_pairs(chars, '[', ']')
}

/// For every `open`, the index of the `close` that matches it (nested pairs balanced, escaped
/// ones skipped), in one pass with a stack.
fn match_pairs(chars: &[char], open: char, close: char) -> Vec<Option<usize>> {
    let mut stack = Vec::new();
    let mut out = vec![None; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            c if c == open => stack.push(i),
            c if c == close => {
                if let Some(at) = stack.pop() {
                    out[at] = Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// For every index, the index of the next `target` at or after it.
fn next_index_of(chars: &[char], target: char) -> Vec<Option<usize>> {
    let mut out = vec![None; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        out[i] = if chars[i] == target {
            Some(i)
        } else {
            out[i + 1]
        };
    }
    out
}

/// `[text](url "title")` starting at `open`: the `]` index, the URL, and the index after `)`.
fn link_parts(
    chars: &[char],
    open: usize,
    brackets: &[Option<usize>],
    (parens, next_paren): (&[Option<usize>], &[Option<usize>]),
) -> Option<(usize, String, usize)> {
    let close = brackets.get(open).copied().flatten()?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = parens
        .get(close + 1)
        .copied()
        .flatten()
        .or_else(|| next_paren.get(close + 2).copied().flatten())?;
    let inside: String = chars[close + 2..end].iter().collect();
    let url = inside.split_whitespace().next().unwrap_or("");
    let url = url
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(url);
    Some((close, url.to_string(), end + 1))
}

/// The index of the `>` closing an autolink opened by the `<` at `open`, if it is one: a
/// scheme we link (`http://`, `https://`, `mailto:`, any case), then no space and no `<` up to
/// the `>`. The scan stops at the first space or `<`, so every character is scanned by at most
/// one `<` and a line of `<<<<…>` stays linear; nothing is copied before it is a link.
fn autolink_end(chars: &[char], open: usize) -> Option<usize> {
    let rest = &chars[open + 1..];
    let has_scheme = ["http://", "https://", "mailto:"].iter().any(|scheme| {
        rest.len() >= scheme.len()
            && scheme
                .chars()
                .zip(rest)
                .all(|(want, got)| got.to_ascii_lowercase() == want)
    });
    if !has_scheme {
        return None;
    }
    let len = rest
        .iter()
        .position(|c| *c == '>' || *c == '<' || c.is_whitespace())?;
    (rest[len] == '>').then_some(open + 1 + len)
}

/// Where each code span closes, found in linear time. A span opened by a run of k backticks
/// closes at the next run of exactly k; searching ahead from every opener rescans the text once
/// per distinct run length (O(n^1.5) for runs of lengths 1, 2, 3, …). Instead every maximal run
/// is indexed once, bucketed by length (one counting sort into a flat list, no map), and each
/// length keeps a cursor that only moves forward, since openers are met left to right. An
/// opener may start inside a run (after a backslash-escaped backtick: `` \``x` ``); it takes
/// the rest of that run and closes at a later run of that length, never at the run it sits
/// in, which starts before it.
struct CodeRuns {
    /// Start of every maximal run, grouped by length: the runs of length k are
    /// `starts[first[k]..first[k + 1]]`, in text order.
    starts: Vec<usize>,
    first: Vec<usize>,
    /// Per length, the next run in `starts` not yet passed.
    cursor: Vec<usize>,
}

impl CodeRuns {
    fn new(chars: &[char]) -> CodeRuns {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '`' {
                let k = run_len(chars, i, '`');
                runs.push((i, k));
                i += k;
            } else {
                i += 1;
            }
        }
        let longest = runs.iter().map(|(_, k)| *k).max().unwrap_or(0);
        let mut first = vec![0; longest + 2];
        for (_, k) in &runs {
            first[k + 1] += 1;
        }
        for k in 1..first.len() {
            first[k] += first[k - 1];
        }
        let mut cursor = first.clone();
        let mut starts = vec![0; runs.len()];
        for (start, k) in runs {
            starts[cursor[k]] = start;
            cursor[k] += 1;
        }
        cursor.copy_from_slice(&first);
        CodeRuns {
            starts,
            first,
            cursor,
        }
    }

    /// The start of the first run of exactly `k` backticks at or after `from`. Calls must come
    /// with `from` never decreasing for the same `k`.
    fn close(&mut self, from: usize, k: usize) -> Option<usize> {
        if k + 1 >= self.first.len() {
            return None;
        }
        let end = self.first[k + 1];
        let at = &mut self.cursor[k];
        while *at < end && self.starts[*at] < from {
            *at += 1;
        }
        (*at < end).then(|| self.starts[*at])
    }
}

fn find_emph_close(
    chars: &[char],
    from: usize,
    c: char,
    d: usize,
    memo: &mut Memo,
) -> Option<usize> {
    if memo.get(&(c, d)).is_some_and(|p| from >= *p) {
        return None;
    }
    let mut j = from;
    while j < chars.len() {
        if chars[j] == c {
            let r = run_len(chars, j, c);
            let after_ok = c != '_' || chars.get(j + r).is_none_or(|x| !x.is_alphanumeric());
            let fits = if d == 2 { r >= 2 } else { r == 1 };
            if fits && j > from && !chars[j - 1].is_whitespace() && after_ok {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    memo.insert((c, d), from);
    None
}

fn merge_text(nodes: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    for node in nodes {
        match (out.last_mut(), node) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, node) => out.push(node),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Inline::*;

    fn md(s: &str) -> Vec<Block> {
        parse(s, &["https://img.example.com".to_string()])
    }

    fn text(s: &str) -> Inline {
        Text(s.to_string())
    }

    #[test]
    fn a_text_that_may_not_link_parses_to_no_link() {
        fn links(blocks: &[Block]) -> bool {
            fn inl(ns: &[Inline]) -> bool {
                ns.iter().any(|n| match n {
                    Link { .. } => true,
                    Strong(c) | Emphasis(c) => inl(c),
                    _ => false,
                })
            }
            blocks.iter().any(|b| match b {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => inl(c),
                Block::List { items, .. } => items.iter().any(|i| links(i)),
                Block::Quote(c) => links(c),
                _ => false,
            })
        }
        for t in ["[a](https://x.org)", "see <https://x.org>", "**[b](/p)**"] {
            assert!(may_link(t) && links(&md(t)), "{t}");
        }
        for t in [
            "plain (https://x.org)",
            "a > b, (c) [d",
            "https://x.org",
            "*x* `y`",
        ] {
            assert!(!may_link(t) && !links(&md(t)), "{t}");
        }
    }

    #[test]
    fn raw_html_stays_text() {
        assert_eq!(
            md("<script>alert(1)</script>"),
            vec![Block::Paragraph(vec![text("<script>alert(1)</script>")])]
        );
        assert_eq!(
            md("<img src=x onerror=alert(1)>"),
            vec![Block::Paragraph(vec![text("<img src=x onerror=alert(1)>")])]
        );
    }

    #[test]
    fn refused_urls_become_plain_text_links() {
        assert_eq!(
            md("[click](javascript:alert(1))"),
            vec![Block::Paragraph(vec![Link {
                href: None,
                content: vec![text("click")]
            }])]
        );
        // Balanced parentheses stay in the address; an unbalanced one ends it as before.
        assert_eq!(
            md("[Mercury](https://en.wikipedia.org/wiki/Mercury_(planet)), next"),
            vec![Block::Paragraph(vec![
                Link {
                    href: Some("https://en.wikipedia.org/wiki/Mercury_(planet)".into()),
                    content: vec![text("Mercury")]
                },
                text(", next")
            ])]
        );
        assert_eq!(
            md("[a](https://example.com/x (b)"),
            vec![Block::Paragraph(vec![Link {
                href: Some("https://example.com/x".into()),
                content: vec![text("a")]
            }])]
        );
        assert_eq!(
            md("[ok](https://example.com)"),
            vec![Block::Paragraph(vec![Link {
                href: Some("https://example.com".into()),
                content: vec![text("ok")]
            }])]
        );
        assert_eq!(
            md("![cat](https://evil.io/c.png) ![dog](https://img.example.com/d.png)"),
            vec![Block::Paragraph(vec![
                Image {
                    src: None,
                    alt: "cat".into()
                },
                text(" "),
                Image {
                    src: Some("https://img.example.com/d.png".into()),
                    alt: "dog".into()
                },
            ])]
        );
    }

    #[test]
    fn emphasis_strong_code_and_escapes() {
        assert_eq!(
            md("a **b** *c* `d*e` \\*f snake_case_name"),
            vec![Block::Paragraph(vec![
                text("a "),
                Strong(vec![text("b")]),
                text(" "),
                Emphasis(vec![text("c")]),
                text(" "),
                Code("d*e".into()),
                text(" *f snake_case_name"),
            ])]
        );
    }

    #[test]
    fn blocks() {
        let doc = md("# Title\n\nline one\nline two\n\n- a\n- b\n  more b\n\n1. x\n2. y\n\n> quoted\n\n```\n<b>code</b>\n```\n---");
        assert_eq!(
            doc[0],
            Block::Heading {
                level: 1,
                content: vec![text("Title")]
            }
        );
        assert_eq!(
            doc[1],
            Block::Paragraph(vec![text("line one"), LineBreak, text("line two")])
        );
        assert_eq!(
            doc[2],
            Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    vec![Block::Paragraph(vec![text("a")])],
                    vec![Block::Paragraph(vec![text("b"), LineBreak, text("more b")])]
                ]
            }
        );
        assert!(matches!(&doc[3], Block::List { ordered: true, items, .. } if items.len() == 2));
        assert_eq!(
            doc[4],
            Block::Quote(vec![Block::Paragraph(vec![text("quoted")])])
        );
        assert_eq!(doc[5], Block::Code("<b>code</b>".into()));
        assert_eq!(doc[6], Block::Rule);
    }

    #[test]
    fn a_diff_fence_marks_each_line_and_keeps_its_marker() {
        use super::Change::*;
        let doc = md("```diff\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n def f():\n-    return 1\n+    return 2\n+\n```\n\n```python\n-1\n```");
        let line = |c, t: &str| (c, t.to_string());
        assert_eq!(
            doc[0],
            Block::Diff(vec![
                line(Same, "--- a/x.py"),
                line(Same, "+++ b/x.py"),
                line(Same, "@@ -1 +1 @@"),
                line(Same, " def f():"),
                line(Removed, "-    return 1"),
                line(Added, "+    return 2"),
                line(Added, "+"),
            ])
        );
        assert_eq!(doc[1], Block::Code("-1".into()), "only a fence marked diff");
    }

    #[test]
    fn rules() {
        for rule in ["---", "***", "___", "- - -", "*  *  * *", "-----"] {
            assert!(is_rule(rule), "{rule}");
        }
        for not in ["--", "-*-", "- - x", "", "   ", "é--", "--é"] {
            assert!(!is_rule(not), "{not}");
        }
    }

    #[test]
    fn autolinks_and_code_spans() {
        assert_eq!(
            md("<HTTPS://a.io/x> <http://a b> <mailto:x@y.io> <ftp://x> <<https://b.io>"),
            vec![Block::Paragraph(vec![
                Link {
                    href: Some("HTTPS://a.io/x".into()),
                    content: vec![text("HTTPS://a.io/x")]
                },
                text(" <http://a b> "),
                Link {
                    href: Some("mailto:x@y.io".into()),
                    content: vec![text("mailto:x@y.io")]
                },
                text(" <ftp://x> <"),
                Link {
                    href: Some("https://b.io".into()),
                    content: vec![text("https://b.io")]
                },
            ])]
        );
        assert_eq!(
            md("``a ` b`` `c` ``` \\`d` ``e"),
            vec![Block::Paragraph(vec![
                Code("a ` b".into()),
                text(" "),
                Code("c".into()),
                text(" ``` `d` ``e"),
            ])]
        );
        assert_eq!(
            md("\\``x` y`"),
            vec![Block::Paragraph(vec![
                text("`"),
                Code("x".into()),
                text(" y`")
            ])]
        );
    }

    #[test]
    fn hostile_nesting_is_bounded() {
        let deep = ">".repeat(10_000) + " x";
        let _ = md(&deep);
        let stars = "*".repeat(50_000);
        let _ = md(&stars);
        let brackets = "[".repeat(20_000) + &"]".repeat(20_000);
        let _ = md(&brackets);
        let nested = "[a".repeat(5_000) + &"](https://x.io)".repeat(5_000);
        let _ = md(&nested);
    }
}
