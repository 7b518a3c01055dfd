//! Finds the line and column of a JSON path in source text, so every validation error can point
//! at its line. A small scanner, separate from parsing, because `serde_json::Value` keeps no
//! positions.

use crate::path::{Path, Seg};

/// The 1-based line:column of `path` in `source`: of the key for an object member, of the value
/// for an array element. When the path goes deeper than the document (a missing field), the
/// deepest existing ancestor's position is returned. `None` when the text is not JSON.
pub fn locate(source: &str, path: &Path) -> Option<(usize, usize)> {
    let mut s = Scanner {
        src: source.as_bytes(),
        pos: 0,
        best: None,
    };
    s.skip_ws();
    s.best = Some(s.pos);
    s.value(&path.0, 0).ok()?;
    s.best.map(|p| line_col(source, p))
}

fn line_col(source: &str, byte: usize) -> (usize, usize) {
    let before = &source[..byte.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    /// Position of the deepest part of the target path found so far.
    best: Option<usize>,
}

const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// Scans one value. `target` is the rest of the path, when this value is on it.
    fn value(&mut self, target: &[Seg], depth: usize) -> Result<(), ()> {
        if depth > MAX_DEPTH {
            return Err(());
        }
        self.skip_ws();
        match self.peek().ok_or(())? {
            b'{' => self.object(target, depth),
            b'[' => self.array(target, depth),
            b'"' => self.string().map(|_| ()),
            _ => {
                while self.pos < self.src.len() && !b",}] \t\r\n".contains(&self.src[self.pos]) {
                    self.pos += 1;
                }
                Ok(())
            }
        }
    }

    fn object(&mut self, target: &[Seg], depth: usize) -> Result<(), ()> {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek().ok_or(())? {
                b'}' => {
                    self.pos += 1;
                    return Ok(());
                }
                b',' => self.pos += 1,
                b'"' => {
                    let key_pos = self.pos;
                    let key = self.string()?;
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return Err(());
                    }
                    self.pos += 1;
                    let on_path = matches!(target.first(), Some(Seg::Key(k)) if *k == key);
                    if on_path {
                        self.best = Some(key_pos);
                    }
                    self.value(if on_path { &target[1..] } else { &[] }, depth + 1)?;
                }
                _ => return Err(()),
            }
        }
    }

    fn array(&mut self, target: &[Seg], depth: usize) -> Result<(), ()> {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match self.peek().ok_or(())? {
                b']' => {
                    self.pos += 1;
                    return Ok(());
                }
                b',' => {
                    self.pos += 1;
                    index += 1;
                }
                _ => {
                    let on_path = matches!(target.first(), Some(Seg::Index(i)) if *i == index);
                    if on_path {
                        self.best = Some(self.pos);
                    }
                    self.value(if on_path { &target[1..] } else { &[] }, depth + 1)?;
                }
            }
        }
    }

    /// Scans a string literal and returns its contents (escapes decoded for simple cases; keys
    /// with escapes are rare and only need to compare equal).
    fn string(&mut self) -> Result<String, ()> {
        self.pos += 1;
        let start = self.pos;
        let mut has_escape = false;
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    let raw = &self.src[start..self.pos];
                    self.pos += 1;
                    let text = std::str::from_utf8(raw).map_err(|_| ())?;
                    return Ok(if has_escape {
                        serde_json::from_str(&format!("\"{text}\"")).map_err(|_| ())?
                    } else {
                        text.to_string()
                    });
                }
                b'\\' => {
                    has_escape = true;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_elements_and_nearest_ancestor() {
        let src = "{\n  \"title\": \"x\",\n  \"criteria\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"levels\": []}\n  ]\n}";
        let p = Path::root();
        assert_eq!(locate(src, &p.key("title")), Some((2, 3)));
        assert_eq!(locate(src, &p.key("criteria").index(1)), Some((5, 5)));
        assert_eq!(
            locate(src, &p.key("criteria").index(1).key("levels")),
            Some((5, 17))
        );
        // missing field: points at the object that lacks it
        assert_eq!(
            locate(src, &p.key("criteria").index(0).key("title")),
            Some((4, 5))
        );
        assert_eq!(locate("{\"x\" 1}", &p.key("x")), None);
    }
}
