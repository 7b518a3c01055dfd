//! A small JSON reader that keeps the line and column of every value and key, and a writer.
//!
//! Why not serde_json in the widget: documents are checked field by field against
//! [`crate::document::shape`] and then read by hand, so a general deserializer buys nothing but bytes
//! (about 13 KiB of brotli-compressed wasm), and its values carry no positions, which every
//! error message needs. Numbers are kept as written: the formats only use whole numbers, so no
//! float parsing or printing is needed. Conformance is tested against serde_json natively.

use crate::document::path::{Path, Seg};
use std::fmt::Write;

/// A JSON value with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Json,
    /// Byte offset in the source; [`line_col`] turns it into what a person reads.
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number as written; `int` is set when it is a whole number that fits an `i64`.
    Number {
        int: Option<i64>,
        text: String,
    },
    String(String),
    Array(Vec<Node>),
    /// Members in document order, each key with its own position. Duplicate keys are kept;
    /// lookups find the last, as JavaScript does.
    Object(Vec<(Key, Node)>),
}

/// An object key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    /// Byte offset of the opening quote.
    pub at: usize,
}

/// A syntax error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub at: (usize, usize),
}

/// Nesting deeper than this is refused, so hostile input cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

impl Node {
    /// The member `key` of an object (the last one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k.name == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Json::Number { int, .. } => *int,
            _ => None,
        }
    }

    /// Any number as a float. Only the quiz history reads fractions; code that never calls
    /// this does not carry float parsing in its wasm.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Json::Number { text, .. } => text.parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }
}

impl Node {
    /// Byte offset of what `path` names: the key of an object member, an array element. A
    /// path deeper than the document (a missing field) gives its deepest existing ancestor.
    pub fn offset_of(&self, path: &Path) -> usize {
        let (mut node, mut best) = (self, self.at);
        for seg in &path.0 {
            let next = match (seg, &node.value) {
                (Seg::Key(_), Json::Object(members)) => members
                    .iter()
                    .rev()
                    .find(|(key, _)| seg.is_key(&key.name))
                    .map(|(key, v)| (key.at, v)),
                (Seg::Index(i), Json::Array(items)) => items.get(*i).map(|v| (v.at, v)),
                _ => None,
            };
            let Some((at, child)) = next else { break };
            best = at;
            node = child;
        }
        best
    }
}

/// Parses a whole document.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        pos: 0,
    };
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(node)
}

/// 1-based line and column (in characters) of each byte offset, in one pass over `text`.
/// `offsets` must be sorted; positions past the end count as the end.
/// Where line `line`, column `col` (both from 1, columns in characters, as [`line_cols`]
/// reports them) is in `text`, in UTF-16 code units: what a browser's text field calls a
/// caret position. Past the end of a line or of the text, its end.
pub fn utf16_offset(text: &str, line: usize, col: usize) -> usize {
    let (mut l, mut c, mut at) = (1, 1, 0);
    for ch in text.chars() {
        if l > line || (l == line && (c >= col || ch == '\n')) {
            break;
        }
        if ch == '\n' {
            l += 1;
            c = 1;
        } else {
            c += 1;
        }
        at += ch.len_utf16();
    }
    at
}

pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let (mut line, mut col) = (1, 1);
    let mut out = Vec::with_capacity(offsets.len());
    let mut chars = text.char_indices().peekable();
    for &target in offsets {
        while let Some(&(i, c)) = chars.peek() {
            if i >= target {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            chars.next();
        }
        out.push((line, col));
    }
    out
}

/// The line and column of one byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    line_cols(text, &[offset])[0]
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn at(&self) -> usize {
        self.pos
    }

    fn error(&self, message: &str) -> SyntaxError {
        let text = std::str::from_utf8(self.src).unwrap_or_default();
        // Syntax errors may stop inside a multi-byte character; step back to its start.
        let mut at = self.pos.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        SyntaxError {
            message: message.to_string(),
            at: line_col(text, at),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                _ => break,
            }
        }
    }

    fn expect(&mut self, byte: u8, message: &str) -> Result<(), SyntaxError> {
        self.ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested more than 128 levels deep"));
        }
        self.ws();
        let at = self.at();
        let value =
            match self.peek() {
                None => return Err(self.error("unexpected end of the document")),
                Some(b'{') => self.object(depth)?,
                Some(b'[') => self.array(depth)?,
                Some(b'"') => Json::String(self.string()?),
                Some(b't') => self.word("true", Json::Bool(true))?,
                Some(b'f') => self.word("false", Json::Bool(false))?,
                Some(b'n') => self.word("null", Json::Null)?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(_) => return Err(self.error(
                    "expected a value (text in \"quotes\", a number, true, false, null, [ or {)",
                )),
            };
        Ok(Node { value, at })
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, SyntaxError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(
                "expected a value (text in \"quotes\", a number, true, false, null, [ or {)",
            ))
        }
    }

    fn number(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = digits(self);
        if n == 0 || (n > 1 && self.src[int_start] == b'0') {
            return Err(self.error("invalid number"));
        }
        let mut whole = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            whole = false;
            if digits(self) == 0 {
                return Err(self.error("invalid number: expected digits after the point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            whole = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number: expected digits in the exponent"));
            }
        }
        let text = std::str::from_utf8(&self.src[start..self.pos])
            .unwrap_or_default()
            .to_string();
        let int = if whole { text.parse().ok() } else { None };
        Ok(Json::Number { int, text })
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.pos;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.src[start..self.pos])
                    .map_err(|_| self.error("invalid UTF-8 in text"))?,
            );
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape in text")),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                // A line break inside text is most often a closing quote not typed yet (a
                // key half written in the designer): say that, at the end of that line.
                Some(b'\n' | b'\r') => {
                    return Err(self.error(
                        "text runs past the end of its line: a closing \" is missing (a line break inside text is written \\n)",
                    ))
                }
                Some(_) => {
                    return Err(self.error("control character in text: write it escaped, e.g. \\t"))
                }
                None => return Err(self.error("unterminated text: a closing \" is missing")),
            }
        }
    }

    /// The four hex digits after `\u` (and a low surrogate's, after a high one).
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if !self.src[self.pos..].starts_with(b"\\u") {
                return Err(self.error("unpaired surrogate in \\u escape"));
            }
            self.pos += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.error("unpaired surrogate in \\u escape"));
            }
            let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"));
        }
        char::from_u32(hi).ok_or_else(|| self.error("unpaired surrogate in \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.error("invalid \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(self.error("invalid \\u escape"));
        }
        self.pos += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error("expected , or ] in the list")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a field name in \"quotes\""));
            }
            let at = self.at();
            let name = self.string()?;
            self.expect(b':', "expected : after the field name")?;
            let value = self.value(depth + 1)?;
            members.push((Key { name, at }, value));
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(members));
                }
                _ => return Err(self.error("expected , or } in the object")),
            }
        }
    }
}

/// Writes JSON text, compactly, into a `String`.
#[derive(Default)]
pub struct Writer {
    out: String,
    /// Whether the next value in the current object or array needs a comma before it.
    comma: bool,
}

impl Writer {
    pub fn finish(self) -> String {
        self.out
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    pub fn begin_object(&mut self) {
        self.sep();
        self.out.push('{');
        self.comma = false;
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
        self.comma = true;
    }

    pub fn begin_array(&mut self) {
        self.sep();
        self.out.push('[');
        self.comma = false;
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
        self.comma = true;
    }

    /// A key inside an object; the value written next belongs to it.
    pub fn key(&mut self, k: &str) {
        self.sep();
        escape_into(&mut self.out, k);
        self.out.push(':');
        self.comma = false;
    }

    pub fn str(&mut self, s: &str) {
        self.sep();
        escape_into(&mut self.out, s);
    }

    pub fn int(&mut self, n: i64) {
        self.sep();
        let _ = write!(self.out, "{n}");
    }

    pub fn bool(&mut self, b: bool) {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
    }

    /// A value that is already JSON text (the caller vouches for it, e.g. a document this
    /// crate wrote).
    pub fn raw(&mut self, json: &str) {
        self.sep();
        self.out.push_str(json);
    }

    pub fn null(&mut self) {
        self.sep();
        self.out.push_str("null");
    }

    /// `"k": "v"` in one call.
    pub fn field_str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.str(v);
    }

    /// A finite number, shortest form that reads back the same; a non-finite one as `null`.
    pub fn float(&mut self, v: f64) {
        self.sep();
        if v.is_finite() {
            let _ = write!(self.out, "{v}");
        } else {
            self.out.push_str("null");
        }
    }

    pub fn field_int(&mut self, k: &str, v: i64) {
        self.key(k);
        self.int(v);
    }

    /// The one loop over texts, shared with the declared documents' lists
    /// ([`WriteJson`](crate::document::output::WriteJson)).
    pub fn strs(&mut self, items: &[String]) {
        crate::document::output::WriteJson::write_json(items, self);
    }
}

/// The text of a parsed value (numbers as written), e.g. to parse a nested document on its own.
pub fn to_text(n: &Node) -> String {
    fn write(w: &mut Writer, n: &Node) {
        match &n.value {
            Json::Null => w.null(),
            Json::Bool(b) => w.bool(*b),
            Json::Number { text, .. } => {
                w.sep();
                w.out.push_str(text);
            }
            Json::String(s) => w.str(s),
            Json::Array(items) => {
                w.begin_array();
                for item in items {
                    write(w, item);
                }
                w.end_array();
            }
            Json::Object(members) => {
                w.begin_object();
                for (k, v) in members {
                    w.key(&k.name);
                    write(w, v);
                }
                w.end_object();
            }
        }
    }
    let mut w = Writer::default();
    write(&mut w, n);
    w.finish()
}

/// The length of [`to_text`]'s output, without writing it.
pub fn text_len(n: &Node) -> usize {
    let commas = |n: usize| n.saturating_sub(1);
    match &n.value {
        Json::Null | Json::Bool(true) => 4,
        Json::Bool(false) => 5,
        Json::Number { text, .. } => text.len(),
        Json::String(s) => escaped_len(s),
        Json::Array(items) => 2 + commas(items.len()) + items.iter().map(text_len).sum::<usize>(),
        Json::Object(members) => {
            let each: usize = members
                .iter()
                .map(|(k, v)| escaped_len(&k.name) + 1 + text_len(v))
                .sum();
            2 + commas(members.len()) + each
        }
    }
}

/// The length of `s` as [`escape_into`] writes it.
fn escaped_len(s: &str) -> usize {
    let body: usize = s
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum();
    2 + body
}

fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_values_and_keys() {
        let text = "{\n  \"a\": [1, \"é\", {\"b\": true}],\n  \"c\": null\n}";
        let doc = parse(text).unwrap();
        let a = doc.get("a").unwrap();
        let b = a.as_array().unwrap()[2].get("b").unwrap();
        let members = doc.as_object().unwrap();
        assert_eq!(
            line_cols(text, &[a.at, b.at, members[1].0.at]),
            vec![(2, 8), (2, 23), (3, 3)]
        );
        assert_eq!(members[1].1.value, Json::Null);
    }

    #[test]
    fn syntax_errors_name_the_problem_and_place() {
        let e = parse("{\"a\": 1,\n \"b\" 2}").unwrap_err();
        assert_eq!(
            e,
            SyntaxError {
                message: "expected : after the field name".into(),
                at: (2, 6)
            }
        );
        assert_eq!(
            parse("[1, 2").unwrap_err().message,
            "expected , or ] in the list"
        );
        assert_eq!(
            parse("\"abc").unwrap_err().message,
            "unterminated text: a closing \" is missing"
        );
        assert_eq!(parse("01").unwrap_err().message, "invalid number");
        assert_eq!(
            parse("{} x").unwrap_err().message,
            "unexpected text after the end of the document"
        );
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "nested more than 128 levels deep"
        );
    }

    #[test]
    fn numbers_keep_their_text_and_whole_value() {
        let n = parse("-12").unwrap();
        assert_eq!(n.as_i64(), Some(-12));
        let f = parse("2.50").unwrap();
        assert_eq!(
            f.value,
            Json::Number {
                int: None,
                text: "2.50".into()
            }
        );
        assert_eq!(parse("99999999999999999999").unwrap().as_i64(), None);
    }

    #[test]
    fn escapes_and_surrogates() {
        assert_eq!(
            parse(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#)
                .unwrap()
                .as_str(),
            Some("a\"\\/\u{8}\u{c}\n\r\té😀")
        );
        assert!(parse(r#""\ud83d""#).is_err());
        assert!(parse(r#""\u12""#).is_err());
        assert!(
            parse("\"tab\there\"").is_err(),
            "raw control characters are not JSON"
        );
        // A key half typed: the quote is missing at the end of its line, where it says so.
        let e = parse("{\n  \"crit\n}").unwrap_err();
        assert!(e.message.contains("closing \" is missing"), "{}", e.message);
        assert_eq!(e.at, (2, 8));
        let e = parse("\"tab\there\"").unwrap_err();
        assert!(e.message.starts_with("control character"), "{}", e.message);
    }

    #[test]
    fn caret_positions_count_utf16_units() {
        let text = "ab\né😀x\nlast";
        assert_eq!(utf16_offset(text, 1, 1), 0);
        assert_eq!(utf16_offset(text, 1, 3), 2);
        assert_eq!(utf16_offset(text, 2, 1), 3);
        assert_eq!(utf16_offset(text, 2, 3), 3 + 1 + 2, "é is 1 unit, 😀 is 2");
        assert_eq!(
            utf16_offset(text, 2, 99),
            7,
            "past the end of a line: its end"
        );
        assert_eq!(utf16_offset(text, 3, 2), 9);
        assert_eq!(utf16_offset(text, 9, 1), 12);
        let (l, c) = line_cols(text, &[text.find('x').unwrap()])[0];
        assert_eq!(utf16_offset(text, l, c), 6);
    }

    #[test]
    fn text_len_is_the_length_of_the_text() {
        let doc = parse(
            r#"{"a": [1, -2.5e3, true, false, null, "x\"\\\n\r\t\b\f\u0001é😀"], "": {}, "b": [[], {"c": "d"}]}"#,
        )
        .unwrap();
        assert_eq!(text_len(&doc), to_text(&doc).len());
        for item in doc.get("a").unwrap().as_array().unwrap() {
            assert_eq!(text_len(item), to_text(item).len());
        }
    }

    #[test]
    fn writer_escapes_and_separates() {
        let mut w = Writer::default();
        w.begin_object();
        w.field_str("a", "x\"y\n\u{1}");
        w.key("b");
        w.begin_array();
        w.int(-3);
        w.bool(true);
        w.null();
        w.end_array();
        w.end_object();
        assert_eq!(w.finish(), r#"{"a":"x\"y\n\u0001","b":[-3,true,null]}"#);
    }
}
