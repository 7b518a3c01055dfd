//! Messages in many languages: catalogues of ICU-style messages, choosing a locale, writing
//! direction, and the checks a shipped catalogue must pass. Pure: the browser supplies plural
//! categories and number formatting (`Intl.PluralRules`, `Intl.NumberFormat`), so no locale
//! data is compiled into the wasm.
//!
//! The message syntax is the ICU MessageFormat subset UI strings need: `{name}` inserts an
//! argument; `{n, plural, =0 {none} one {# item} other {# items}}` picks by exact value, then
//! by plural category (`#` is the number, formatted for the locale); `{k, select, a {…} other
//! {…}}` picks by text. `'{'` style quoting is not supported: write braces only as syntax.

use crate::document::json::{self, Json};

/// The languages the widget ships: English built into the code, every other one as the
/// catalogue `i18n/{tag}.json` (`tests/catalogues.rs` checks each against the code).
pub const SHIPPED: &[&str] = &["en", "es", "de", "ja", "ar"];

/// An argument's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(f64),
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(n as f64)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(t: &'a str) -> Self {
        Arg::Text(t)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(t: &'a String) -> Self {
        Arg::Text(t)
    }
}

/// The locale services the browser provides.
pub trait Locale {
    /// The plural category of `n`: "zero", "one", "two", "few", "many" or "other".
    fn plural(&self, n: f64) -> &'static str;
    /// `n` written for the locale (digits, separators).
    fn number(&self, n: f64) -> String;
    /// `n` with exactly `digits` fraction digits, written for the locale.
    fn fixed(&self, n: f64, digits: usize) -> String;
}

/// A UI message: its catalogue key and its English text. The English text lives in the code
/// (see [`crate::text::messages`]), so English needs no catalogue and a missing translation falls
/// back to it, never to a blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub en: &'static str,
}

/// Turns messages into text in one language. The core takes `&dyn Translate` wherever it
/// writes text a person reads, so the same rules speak every shipped language.
pub trait Translate {
    /// Message `m` with `args`.
    fn f(&self, m: Msg, args: &[(&str, Arg)]) -> String;
    /// Message `m`, which takes no arguments.
    fn t(&self, m: Msg) -> String {
        self.f(m, &[])
    }
    /// A decimal number with `digits` fraction digits, as the language writes it.
    fn fixed(&self, n: f64, digits: usize) -> String;
}

/// `n` as it should be written with `digits` fraction digits: a value that rounds to zero is
/// zero, never "-0.00" (a kappa of -0.001 is shown as 0.00, as it is). Both locales call it.
pub fn shown(n: f64, digits: usize) -> f64 {
    let half_unit = 0.5 * 10f64.powi(-(digits as i32));
    if n.abs() < half_unit {
        0.0
    } else {
        n
    }
}

/// `n` as English writes it (`Intl.NumberFormat("en")`: digits grouped by three with commas)
/// when it is a whole number below 10^15, without float formatting. The widget's English,
/// built in, then needs no `Intl` for its counts: the first `Intl.NumberFormat` of a page
/// costs 15-70 ms in Chromium, in the task that shows the form.
pub fn english_whole(n: f64) -> Option<String> {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return None;
    }
    let digits = (n.abs() as u64).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0.0 {
        out.push('-');
    }
    for (i, d) in digits.char_indices() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    Some(out)
}

/// English, with plain digits: the default, and what native tests read.
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

impl Locale for English {
    fn plural(&self, n: f64) -> &'static str {
        // CLDR's operands are absolute: "-1 point" as "1 point".
        if n.abs() == 1.0 {
            "one"
        } else {
            "other"
        }
    }
    fn number(&self, n: f64) -> String {
        format!("{n}")
    }
    fn fixed(&self, n: f64, digits: usize) -> String {
        format!("{:.digits$}", shown(n, digits))
    }
}

impl Translate for English {
    fn f(&self, m: Msg, args: &[(&str, Arg)]) -> String {
        translate(None, m, args, self)
    }
    fn fixed(&self, n: f64, digits: usize) -> String {
        Locale::fixed(self, n, digits)
    }
}

/// Message `m` from `catalogue` (its English text when the catalogue lacks it or is broken)
/// with `args`, plural categories and numbers from `locale`.
pub fn translate(
    catalogue: Option<&Catalogue>,
    m: Msg,
    args: &[(&str, Arg)],
    locale: &dyn Locale,
) -> String {
    let given = catalogue.and_then(|c| c.get(m.key));
    let parts = given
        .and_then(|text| parse(text).ok())
        .or_else(|| parse(m.en).ok());
    match parts {
        Some(parts) => render(&parts, args, locale, None),
        None => m.en.to_string(),
    }
}

/// A language's messages by key, in the order of the file. A list, not a map: a few hundred
/// lookups per form are cheaper than the map code in every wasm.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub messages: Vec<(String, String)>,
}

impl Catalogue {
    /// Reads a catalogue: a JSON object of key → message. `Err` names the first problem.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let root = json::parse(text).map_err(|e| format!("not JSON: {}", e.message))?;
        let fields = root
            .as_object()
            .ok_or_else(|| "a catalogue is a JSON object of key: message".to_string())?;
        let mut messages = Vec::new();
        for (k, v) in fields {
            let Json::String(m) = &v.value else {
                return Err(format!("\"{}\": a message is a string", k.name));
            };
            parse(m).map_err(|e| format!("\"{}\": {e}", k.name))?;
            messages.push((k.name.clone(), m.clone()));
        }
        Ok(Catalogue { messages })
    }

    /// The message under `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.messages.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }
}

/// What a shipped catalogue lacks or gets wrong against the reference (English) one: missing
/// keys, and messages whose arguments differ from the reference's.
pub fn check_against(reference: &Catalogue, other: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, message) in &reference.messages {
        match other.get(key) {
            None => problems.push(format!("missing \"{key}\"")),
            Some(m) => {
                let (want, got) = (arguments(message), arguments(m));
                if want != got {
                    problems.push(format!(
                        "\"{key}\" uses arguments {got:?}, the reference {want:?}"
                    ));
                }
            }
        }
    }
    for (key, _) in &other.messages {
        if reference.get(key).is_none() {
            problems.push(format!("unknown key \"{key}\""));
        }
    }
    problems
}

/// The locale to use: the first requested one that is available, by exact tag and then by
/// language (`es-MX` → `es`), else `fallback`.
pub fn negotiate<'a>(requested: &[&str], available: &[&'a str], fallback: &'a str) -> &'a str {
    let lower = |s: &str| s.to_ascii_lowercase();
    for r in requested {
        if let Some(a) = available.iter().find(|a| lower(a) == lower(r)) {
            return a;
        }
        let lang = lower(r.split(['-', '_']).next().unwrap_or_default());
        if let Some(a) = available.iter().find(|a| lower(a) == lang) {
            return a;
        }
    }
    fallback
}

/// Whether a locale's script runs right to left.
pub fn is_rtl(locale: &str) -> bool {
    let lang = locale.split(['-', '_']).next().unwrap_or_default();
    matches!(
        lang.to_ascii_lowercase().as_str(),
        "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "dv" | "ug" | "ckb"
    )
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Arg(String),
    /// `#` inside a plural branch.
    Hash,
    Plural(String, Vec<(String, Vec<Part>)>),
    Select(String, Vec<(String, Vec<Part>)>),
}

fn parse(message: &str) -> Result<Vec<Part>, String> {
    let chars: Vec<char> = message.chars().collect();
    let mut at = 0;
    let parts = parse_parts(&chars, &mut at, false, 0)?;
    if at < chars.len() {
        return Err(format!("unexpected '}}' at {at}"));
    }
    Ok(parts)
}

/// Plural and select nest at most this deep: a catalogue comes over the network, and deeper
/// nesting would only be a way to overflow the stack.
const MAX_NESTING: usize = 8;

fn parse_parts(
    c: &[char],
    at: &mut usize,
    in_branch: bool,
    depth: usize,
) -> Result<Vec<Part>, String> {
    if depth > MAX_NESTING {
        return Err(format!(
            "nested more than {MAX_NESTING} levels deep at {at}"
        ));
    }
    let mut parts = Vec::new();
    let mut text = String::new();
    while *at < c.len() {
        match c[*at] {
            '}' => break,
            '#' if in_branch => {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Hash);
                *at += 1;
            }
            '{' => {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                *at += 1;
                parts.push(parse_placeholder(c, at, depth)?);
            }
            ch => {
                text.push(ch);
                *at += 1;
            }
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(parts)
}

fn word(c: &[char], at: &mut usize) -> String {
    while *at < c.len() && c[*at].is_whitespace() {
        *at += 1;
    }
    let start = *at;
    while *at < c.len() && !c[*at].is_whitespace() && !matches!(c[*at], ',' | '{' | '}') {
        *at += 1;
    }
    let w: String = c[start..*at].iter().collect();
    while *at < c.len() && c[*at].is_whitespace() {
        *at += 1;
    }
    w
}

fn parse_placeholder(c: &[char], at: &mut usize, depth: usize) -> Result<Part, String> {
    let name = word(c, at);
    if name.is_empty() {
        return Err(format!("an argument needs a name at {at}"));
    }
    match c.get(*at) {
        Some('}') => {
            *at += 1;
            Ok(Part::Arg(name))
        }
        Some(',') => {
            *at += 1;
            let kind = word(c, at);
            if c.get(*at) != Some(&',') {
                return Err(format!("expected ',' after \"{kind}\""));
            }
            *at += 1;
            let mut branches = Vec::new();
            loop {
                let key = word(c, at);
                if key.is_empty() {
                    break;
                }
                if c.get(*at) != Some(&'{') {
                    return Err(format!("expected '{{' after \"{key}\""));
                }
                *at += 1;
                let body = parse_parts(c, at, kind == "plural", depth + 1)?;
                if c.get(*at) != Some(&'}') {
                    return Err(format!("unclosed branch \"{key}\""));
                }
                *at += 1;
                branches.push((key, body));
            }
            if c.get(*at) != Some(&'}') {
                return Err(format!("unclosed {kind} for \"{name}\""));
            }
            *at += 1;
            if !branches.iter().any(|(k, _)| k == "other") {
                return Err(format!(
                    "the {kind} for \"{name}\" needs an \"other\" branch"
                ));
            }
            match kind.as_str() {
                "plural" => Ok(Part::Plural(name, branches)),
                "select" => Ok(Part::Select(name, branches)),
                _ => Err(format!("unknown argument type \"{kind}\"")),
            }
        }
        _ => Err(format!("unclosed argument \"{name}\"")),
    }
}

fn render(parts: &[Part], args: &[(&str, Arg)], locale: &dyn Locale, hash: Option<f64>) -> String {
    let get = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Hash => out.push_str(&hash.map(|n| locale.number(n)).unwrap_or_default()),
            Part::Arg(name) => match get(name) {
                Some(Arg::Text(t)) => out.push_str(t),
                Some(Arg::Number(n)) => out.push_str(&locale.number(*n)),
                None => out.push_str(&format!("{{{name}}}")),
            },
            Part::Plural(name, branches) => {
                let n = match get(name) {
                    Some(Arg::Number(n)) => *n,
                    _ => 0.0,
                };
                // `=N` branches are whole numbers; formatting an f64 here would pull float
                // formatting into every wasm.
                let exact = (n.fract() == 0.0).then(|| format!("={}", n as i64));
                let category = locale.plural(n);
                let body = branches
                    .iter()
                    .find(|(k, _)| Some(k) == exact.as_ref())
                    .or_else(|| branches.iter().find(|(k, _)| k == category))
                    .or_else(|| branches.iter().find(|(k, _)| k == "other"));
                if let Some((_, b)) = body {
                    out.push_str(&render(b, args, locale, Some(n)));
                }
            }
            Part::Select(name, branches) => {
                let v = match get(name) {
                    Some(Arg::Text(t)) => *t,
                    _ => "other",
                };
                let body = branches
                    .iter()
                    .find(|(k, _)| k == v)
                    .or_else(|| branches.iter().find(|(k, _)| k == "other"));
                if let Some((_, b)) = body {
                    out.push_str(&render(b, args, locale, hash));
                }
            }
        }
    }
    out
}

/// How a message uses one of its arguments, for the catalogue checks (`tests/catalogues.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// `{name}` written as it is. `before` and `after` are the text of its branch on either
    /// side (another argument or `#` as `0`, a nested plural or select as `x`); `counted_by`
    /// names the plurals it sits inside.
    Bare {
        name: String,
        before: String,
        after: String,
        counted_by: Vec<String>,
    },
    /// `{name, plural, …}` with its branch keys (`=0`, `one`, `other`…).
    Plural { name: String, branches: Vec<String> },
    /// `{name, select, …}`.
    Select { name: String },
}

/// Every use of an argument in `message`, nested ones included (empty if it does not parse).
pub fn uses(message: &str) -> Vec<Use> {
    fn flat(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Arg(_) | Part::Hash => "0".to_string(),
                Part::Plural(..) | Part::Select(..) => "x".to_string(),
            })
            .collect()
    }
    fn walk(parts: &[Part], plurals: &[String], out: &mut Vec<Use>) {
        for (i, p) in parts.iter().enumerate() {
            match p {
                Part::Arg(name) => out.push(Use::Bare {
                    name: name.clone(),
                    before: flat(&parts[..i]),
                    after: flat(&parts[i + 1..]),
                    counted_by: plurals.to_vec(),
                }),
                Part::Plural(name, branches) => {
                    out.push(Use::Plural {
                        name: name.clone(),
                        branches: branches.iter().map(|(k, _)| k.clone()).collect(),
                    });
                    let mut inner = plurals.to_vec();
                    inner.push(name.clone());
                    for (_, body) in branches {
                        walk(body, &inner, out);
                    }
                }
                Part::Select(name, branches) => {
                    out.push(Use::Select { name: name.clone() });
                    for (_, body) in branches {
                        walk(body, plurals, out);
                    }
                }
                Part::Text(_) | Part::Hash => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(parts) = parse(message) {
        walk(&parts, &[], &mut out);
    }
    out
}

/// Everything a reader can see of `message` whatever its arguments: the text of every branch,
/// joined by spaces (argument names and branch keys left out). For the glossary check.
pub fn visible_text(message: &str) -> String {
    fn walk(parts: &[Part], out: &mut String) {
        for p in parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Arg(_) | Part::Hash => out.push(' '),
                Part::Plural(_, branches) | Part::Select(_, branches) => {
                    for (_, body) in branches {
                        out.push(' ');
                        walk(body, out);
                    }
                    out.push(' ');
                }
            }
        }
    }
    let mut out = String::new();
    if let Ok(parts) = parse(message) {
        walk(&parts, &mut out);
    }
    out
}

/// Whether a bare number is written as a value after a label ("الأحرف: {n}"), so no word has to
/// agree with it: the text between the last colon before it and the number, and the text after
/// it up to the next closing punctuation, hold no letters.
pub fn is_label_style(before: &str, after: &str) -> bool {
    let Some(colon) = before.rfind([':', '：']) else {
        return false;
    };
    let no_letters = |s: &str| !s.chars().any(char::is_alphabetic);
    let end = after
        .find([')', '）', ',', '،', '、', '.', '。', ';', '؛', '·'])
        .unwrap_or(after.len());
    no_letters(&before[colon..]) && no_letters(&after[..end])
}

/// The argument names a message uses, sorted.
fn arguments(message: &str) -> Vec<String> {
    fn walk(parts: &[Part], out: &mut Vec<String>) {
        for p in parts {
            match p {
                Part::Arg(n) => out.push(n.clone()),
                Part::Plural(n, b) | Part::Select(n, b) => {
                    out.push(n.clone());
                    for (_, body) in b {
                        walk(body, out);
                    }
                }
                Part::Text(_) | Part::Hash => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(parts) = parse(message) {
        walk(&parts, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_intl_writes_them_in_english() {
        let cases = [
            (0.0, "0"),
            (7.0, "7"),
            (999.0, "999"),
            (1000.0, "1,000"),
            (12345.0, "12,345"),
            (1234567.0, "1,234,567"),
            (-1234.0, "-1,234"),
            (999_999_999_999_999.0, "999,999,999,999,999"),
        ];
        for (n, text) in cases {
            assert_eq!(english_whole(n).as_deref(), Some(text), "{n}");
        }
        // Fractions, huge and not-a-number values are left to the browser's Intl.
        for n in [1.5, -0.25, 1e15, f64::NAN, f64::INFINITY] {
            assert_eq!(english_whole(n), None, "{n}");
        }
    }

    #[test]
    fn a_value_that_rounds_to_zero_is_written_without_a_sign() {
        assert_eq!(Locale::fixed(&English, -0.001, 2), "0.00");
        assert_eq!(Locale::fixed(&English, -0.0, 2), "0.00");
        assert_eq!(Locale::fixed(&English, -0.005, 2), "-0.01");
        assert_eq!(Locale::fixed(&English, 0.004, 2), "0.00");
        assert_eq!(shown(-0.04, 1), 0.0);
    }

    /// Arabic-like categories, to exercise zero/two/few/many.
    struct Ar;
    impl Locale for Ar {
        fn plural(&self, n: f64) -> &'static str {
            match n as i64 {
                0 => "zero",
                1 => "one",
                2 => "two",
                3..=10 => "few",
                _ => "many",
            }
        }
        fn number(&self, n: f64) -> String {
            format!("{n}")
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect()
        }
        fn fixed(&self, n: f64, digits: usize) -> String {
            self.number((n * 10f64.powi(digits as i32)).round() / 10f64.powi(digits as i32))
        }
    }

    /// Message `key` of `c` (the key itself when missing).
    fn fmt(c: &Catalogue, key: &'static str, args: &[(&str, Arg)], l: &dyn Locale) -> String {
        translate(Some(c), Msg { key, en: key }, args, l)
    }

    fn cat(pairs: &[(&str, &str)]) -> Catalogue {
        Catalogue {
            messages: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn plurals_pick_exact_values_then_categories() {
        let c = cat(&[(
            "left",
            "{n, plural, =0 {nothing left} one {# question left} other {# questions left}}",
        )]);
        let f = |n: f64| fmt(&c, "left", &[("n", Arg::Number(n))], &English);
        assert_eq!(f(0.0), "nothing left");
        assert_eq!(f(1.0), "1 question left");
        assert_eq!(f(7.0), "7 questions left");
        let ar = cat(&[("left", "{n, plural, zero {لا شيء} one {سؤال واحد} two {سؤالان} few {# أسئلة} many {# سؤالًا} other {# سؤال}}")]);
        assert_eq!(fmt(&ar, "left", &[("n", Arg::Number(3.0))], &Ar), "٣ أسئلة");
        assert_eq!(fmt(&ar, "left", &[("n", Arg::Number(2.0))], &Ar), "سؤالان");
    }

    #[test]
    fn arguments_selects_and_missing_keys() {
        let c = cat(&[
            ("hello", "Hello, {name}!"),
            ("state", "{s, select, sent {Delivered} other {Waiting}}"),
        ]);
        assert_eq!(
            fmt(&c, "hello", &[("name", Arg::Text("Ana"))], &English),
            "Hello, Ana!"
        );
        assert_eq!(
            fmt(&c, "state", &[("s", Arg::Text("sent"))], &English),
            "Delivered"
        );
        assert_eq!(
            fmt(&c, "state", &[("s", Arg::Text("odd"))], &English),
            "Waiting"
        );
        assert_eq!(
            fmt(&c, "nope", &[], &English),
            "nope",
            "a missing key shows itself"
        );
        assert_eq!(
            fmt(&c, "hello", &[], &English),
            "Hello, {name}!",
            "a missing argument shows itself"
        );
    }

    #[test]
    fn catalogues_are_checked_against_the_reference() {
        let en = cat(&[
            ("a", "{n, plural, one {# item} other {# items}}"),
            ("b", "Hi {name}"),
        ]);
        let es = cat(&[
            ("a", "{n, plural, one {# elemento} other {# elementos}}"),
            ("c", "x"),
        ]);
        assert_eq!(
            check_against(&en, &es),
            vec!["missing \"b\"".to_string(), "unknown key \"c\"".to_string()]
        );
        let de = cat(&[
            ("a", "{count, plural, other {# Dinge}}"),
            ("b", "Hallo {name}"),
        ]);
        assert_eq!(
            check_against(&en, &de),
            vec!["\"a\" uses arguments [\"count\"], the reference [\"n\"]".to_string()]
        );
        assert!(Catalogue::parse(r#"{"a": "{n, plural, one {x}}"}"#)
            .unwrap_err()
            .contains("needs an \"other\" branch"));
        assert!(Catalogue::parse(r#"{"a": 3}"#)
            .unwrap_err()
            .contains("a message is a string"));
        assert_eq!(
            Catalogue::parse(r#"{"a": "ok {x}"}"#)
                .unwrap()
                .get("a")
                .unwrap(),
            "ok {x}"
        );
    }

    #[test]
    fn uses_and_label_style_for_the_checks() {
        let u =
            uses("{n} / {max, plural, one {# x {k}} other {# xs}}; {s, select, a {y} other {z}}");
        assert_eq!(
            u[0],
            Use::Bare {
                name: "n".into(),
                before: String::new(),
                after: " / x; x".into(),
                counted_by: vec![]
            }
        );
        assert_eq!(
            u[1],
            Use::Plural {
                name: "max".into(),
                branches: vec!["one".into(), "other".into()]
            }
        );
        assert!(
            matches!(&u[2], Use::Bare { name, counted_by, .. } if name == "k" && counted_by == &["max"])
        );
        assert_eq!(u[3], Use::Select { name: "s".into() });
        let words = visible_text("a {n, plural, one {b} other {c #}}");
        assert_eq!(
            words.split_whitespace().collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(is_label_style("الأحرف: ", " / 0"));
        assert!(is_label_style("(الآن: ", ")"));
        assert!(is_label_style("Zeichen: 0 / ", ""));
        assert!(!is_label_style("اكتب ", " حرفًا"));
        assert!(!is_label_style("الأحرف: ", " حرفًا"));
        assert!(!is_label_style("Zeichen: noch ", ""));
    }

    #[test]
    fn locales_negotiate_by_tag_then_language() {
        let have = ["en", "es", "de", "ja", "ar"];
        assert_eq!(negotiate(&["es-MX", "en"], &have, "en"), "es");
        assert_eq!(negotiate(&["fr-FR", "de-AT"], &have, "en"), "de");
        assert_eq!(negotiate(&["pt"], &have, "en"), "en");
        assert_eq!(negotiate(&["AR"], &have, "en"), "ar");
        assert!(is_rtl("ar-EG") && is_rtl("he") && !is_rtl("ja") && !is_rtl("en-US"));
    }

    #[test]
    fn malformed_messages_are_errors_not_panics() {
        for bad in [
            "{",
            "{n",
            "{n, plural",
            "{n, plural, one {x} other {y}",
            "{, x}",
            "}",
            "{n, weird, other {x}}",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = |n: usize| "{a, select, other {".repeat(n) + &"}}".repeat(n);
        assert!(parse(&deep(MAX_NESTING)).is_ok());
        assert!(parse(&deep(MAX_NESTING + 1)).is_err());
        assert_eq!(
            parse(&deep(100_000)),
            Err("nested more than 8 levels deep at 171".to_string())
        );
    }
}
