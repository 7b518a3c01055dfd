//! A JSON reader for the report's hot path: one submission at a time into a flat tape of
//! nodes that is reused from one submission to the next, its strings left in the source
//! (only strings with escapes are copied, into one reused buffer), so reading a submission
//! allocates nothing once the tape has grown to fit. It accepts exactly what
//! [`crate::document::json::parse`] accepts (the same checks in the same order, tested); for
//! a syntax error's message the caller asks that parser, which keeps one wording of errors.

use crate::document::json::MAX_DEPTH;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Bool(bool),
    Number,
    String,
    Array,
    Object,
}

/// A piece of text: in the source, or (escaped strings) in the tape's buffer.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
    owned: bool,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: Kind,
    /// A string's value, a number's text.
    text: Span,
    /// An object member's key.
    key: Span,
    /// The index after this node's subtree.
    end: usize,
}

/// The reusable tape.
#[derive(Debug, Default)]
pub struct Tape {
    nodes: Vec<Node>,
    buf: String,
}

impl Tape {
    /// Reads `src` (one JSON document) into the tape; its root, or `None` on a syntax error.
    pub fn parse<'a>(&'a mut self, src: &'a str) -> Option<View<'a>> {
        self.nodes.clear();
        self.buf.clear();
        let mut p = Parser {
            src: src.as_bytes(),
            text: src,
            pos: 0,
            tape: self,
        };
        p.ws();
        p.value(0, Span::default())?;
        p.ws();
        if p.pos < p.src.len() {
            return None;
        }
        Some(View {
            tape: self,
            src,
            at: 0,
        })
    }
}

/// A value in a parsed tape.
#[derive(Clone, Copy)]
pub struct View<'a> {
    tape: &'a Tape,
    src: &'a str,
    at: usize,
}

impl<'a> View<'a> {
    #[inline(always)]
    fn node(&self) -> &'a Node {
        &self.tape.nodes[self.at]
    }

    #[inline(always)]
    fn text(&self, s: Span) -> &'a str {
        if s.owned {
            &self.tape.buf[s.start..s.end]
        } else {
            &self.src[s.start..s.end]
        }
    }

    fn children(&self) -> impl Iterator<Item = View<'a>> + 'a {
        let (tape, src) = (self.tape, self.src);
        let end = self.node().end;
        let mut at = self.at + 1;
        std::iter::from_fn(move || {
            (at < end).then(|| {
                let v = View { tape, src, at };
                at = tape.nodes[at].end;
                v
            })
        })
    }

    /// The member `key` of an object (the last one, if repeated), as [`json::Node::get`].
    ///
    /// [`json::Node::get`]: crate::document::json::Node::get
    pub fn get(&self, key: &str) -> Option<View<'a>> {
        if self.node().kind != Kind::Object {
            return None;
        }
        self.children().filter(|c| c.key() == key).last()
    }

    /// An object member's key (empty for anything else).
    #[inline(always)]
    pub fn key(&self) -> &'a str {
        self.text(self.node().key)
    }

    #[inline(always)]
    pub fn as_str(&self) -> Option<&'a str> {
        (self.node().kind == Kind::String).then(|| self.text(self.node().text))
    }

    /// A whole number that fits an `i64`, as [`json::Node::as_i64`].
    ///
    /// [`json::Node::as_i64`]: crate::document::json::Node::as_i64
    pub fn as_i64(&self) -> Option<i64> {
        if self.node().kind != Kind::Number {
            return None;
        }
        let t = self.text(self.node().text);
        if t.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            return None;
        }
        t.parse().ok()
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.node().kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.node().kind == Kind::Null
    }

    #[inline(always)]
    pub fn is_object(&self) -> bool {
        self.node().kind == Kind::Object
    }

    /// An array's items.
    pub fn items(&self) -> Option<impl Iterator<Item = View<'a>> + 'a> {
        (self.node().kind == Kind::Array).then(|| self.children())
    }

    /// An object's members, each with its [`View::key`].
    pub fn members(&self) -> Option<impl Iterator<Item = View<'a>> + 'a> {
        (self.node().kind == Kind::Object).then(|| self.children())
    }
}

struct Parser<'a, 't> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    tape: &'t mut Tape,
}

impl Parser<'_, '_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.pos += 1;
        }
    }

    #[inline(always)]
    fn push(&mut self, kind: Kind, text: Span, key: Span) -> usize {
        let at = self.tape.nodes.len();
        self.tape.nodes.push(Node {
            kind,
            text,
            key,
            end: at + 1,
        });
        at
    }

    fn value(&mut self, depth: usize, key: Span) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'{' => self.object(depth, key),
            b'[' => self.array(depth, key),
            b'"' => {
                let s = self.string()?;
                self.push(Kind::String, s, key);
                Some(())
            }
            b't' => self.word(b"true", Kind::Bool(true), key),
            b'f' => self.word(b"false", Kind::Bool(false), key),
            b'n' => self.word(b"null", Kind::Null, key),
            b'-' | b'0'..=b'9' => self.number(key),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8], kind: Kind, key: Span) -> Option<()> {
        if !self.src[self.pos..].starts_with(word) {
            return None;
        }
        self.pos += word.len();
        self.push(kind, Span::default(), key);
        Some(())
    }

    fn digits(&mut self) -> usize {
        let s = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - s
    }

    fn number(&mut self, key: Span) -> Option<()> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = self.digits();
        if n == 0 || (n > 1 && self.src[int_start] == b'0') {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let text = Span {
            start,
            end: self.pos,
            owned: false,
        };
        self.push(Kind::Number, text, key);
        Some(())
    }

    /// A string from its opening quote: in the source when it has no escapes, else unescaped
    /// into the buffer.
    fn string(&mut self) -> Option<Span> {
        self.pos += 1;
        let start = self.pos;
        let plain = |b: u8| b != b'"' && b != b'\\' && b >= 0x20;
        while self.peek().is_some_and(plain) {
            self.pos += 1;
        }
        match self.peek()? {
            b'"' => {
                self.pos += 1;
                return Some(Span {
                    start,
                    end: self.pos - 1,
                    owned: false,
                });
            }
            b'\\' => {}
            _ => return None,
        }
        let from = self.tape.buf.len();
        self.tape.buf.push_str(&self.text[start..self.pos]);
        loop {
            // At a backslash.
            self.pos += 1;
            let c = match self.peek()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    self.pos += 1;
                    // Moves past its digits.
                    let c = self.unicode_escape()?;
                    self.pos -= 1;
                    c
                }
                _ => return None,
            };
            self.pos += 1;
            self.tape.buf.push(c);
            let s = self.pos;
            while self.peek().is_some_and(plain) {
                self.pos += 1;
            }
            self.tape.buf.push_str(&self.text[s..self.pos]);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(Span {
                        start: from,
                        end: self.tape.buf.len(),
                        owned: true,
                    });
                }
                b'\\' => {}
                _ => return None,
            }
        }
    }

    /// The four hex digits after `\u` (and a low surrogate's, after a high one).
    fn unicode_escape(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if !self.src[self.pos..].starts_with(b"\\u") {
                return None;
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return None;
            }
            return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
        }
        char::from_u32(hi)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.pos..self.pos + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let v = digits
            .iter()
            .fold(0, |n, &d| n * 16 + char::from(d).to_digit(16).unwrap_or(0));
        self.pos += 4;
        Some(v)
    }

    fn array(&mut self, depth: usize, key: Span) -> Option<()> {
        self.pos += 1;
        let at = self.push(Kind::Array, Span::default(), key);
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.value(depth + 1, Span::default())?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    self.tape.nodes[at].end = self.tape.nodes.len();
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize, key: Span) -> Option<()> {
        self.pos += 1;
        let at = self.push(Kind::Object, Span::default(), key);
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return None;
            }
            let name = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return None;
            }
            self.pos += 1;
            self.value(depth + 1, name)?;
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    self.tape.nodes[at].end = self.tape.nodes.len();
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::json;

    /// The tape accepts what the document parser accepts, and reads the same strings.
    #[test]
    fn accepts_what_the_parser_accepts() {
        let cases = [
            r#"{"a": 1}"#,
            r#"{"a": 1,}"#,
            r#"[1, 2"#,
            r#"[]"#,
            r#"{}"#,
            r#" {"a" : [ ] } "#,
            r#"{"a": 01}"#,
            r#"{"a": -0}"#,
            r#"{"a": -}"#,
            r#"{"a": 1.}"#,
            r#"{"a": 1.5e+3}"#,
            r#"{"a": 1e}"#,
            r#""\u00e9\n\"x\\""#,
            r#""\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ude00""#,
            r#""\u12G4""#,
            r#""\u+123""#,
            r#""\u12""#,
            r#""\x""#,
            "\"a\u{1}b\"",
            "\"a\\\u{1}b\"",
            r#"truex"#,
            r#"tru"#,
            r#"nul"#,
            r#"[true, false, null]"#,
            r#"{"a" 1}"#,
            r#"{1: 2}"#,
            r#"""#,
            r#""abc"#,
            r#""ab\"#,
            r#"[1 2]"#,
            r#"{"a": 1} x"#,
            "",
            "  ",
            r#""é\u0041ü""#,
            r#""\u0000""#,
        ];
        let mut tape = Tape::default();
        for case in cases {
            let ours = tape.parse(case).map(|v| v.as_str().map(str::to_string));
            let theirs = json::parse(case).map(|n| n.as_str().map(str::to_string));
            assert_eq!(ours, theirs.ok(), "{case}");
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for n in [128, 129, 130] {
            assert_eq!(
                tape.parse(&deep(n)).is_some(),
                json::parse(&deep(n)).is_ok(),
                "{n}"
            );
        }
    }

    #[test]
    fn reads_members_last_wins() {
        let mut tape = Tape::default();
        let src = r#"{"a": 1, "b": {"c": [1, "x"]}, "a": 2, "k\u0041": true}"#;
        let v = tape.parse(src).unwrap();
        assert_eq!(v.get("a").and_then(|a| a.as_i64()), Some(2));
        let c: Vec<_> = v
            .get("b")
            .unwrap()
            .get("c")
            .unwrap()
            .items()
            .unwrap()
            .collect();
        assert_eq!((c[0].as_i64(), c[1].as_str()), (Some(1), Some("x")));
        assert_eq!(v.get("kA").and_then(|k| k.as_bool()), Some(true));
        let keys: Vec<_> = v.members().unwrap().map(|m| m.key()).collect();
        assert_eq!(keys, ["a", "b", "a", "kA"]);
    }
}
