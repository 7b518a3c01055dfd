//! JSON paths such as `criteria[3].levels[2].label`, the address every error carries.

use std::borrow::Cow;
use std::fmt;

/// The most characters of a document's own text (a key, an id, a value) that a path or a
/// message quotes; longer text is cut to this and `…`.
pub const QUOTE_CHARS: usize = 64;

/// `s`, or its first [`QUOTE_CHARS`] characters and `…` when longer: a path or a message never
/// copies a huge key, so a report stays small and building one stays linear.
pub fn short(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((at, _)) => Cow::Owned(format!("{}…", &s[..at])),
        None => Cow::Borrowed(s),
    }
}

/// One step into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path from the document root. Displayed the way rubric authors read it:
/// `criteria[3].levels[2].label`; the root is displayed as `(root)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// This path extended by an object key, cut by [`short`] when long.
    pub fn key(&self, k: &str) -> Self {
        let mut v = Vec::with_capacity(self.0.len() + 1);
        v.extend_from_slice(&self.0);
        v.push(Seg::Key(short(k).into_owned()));
        Path(v)
    }

    /// This path extended by an array index.
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        Path(v)
    }
}

impl Seg {
    /// Whether this step names the object member `name` (a long name is kept cut).
    pub fn is_key(&self, name: &str) -> bool {
        let Seg::Key(k) = self else { return false };
        if k == name {
            return true;
        }
        match (k.strip_suffix('…'), name.char_indices().nth(QUOTE_CHARS)) {
            (Some(head), Some((at, _))) => head == &name[..at],
            _ => false,
        }
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_an_author_reads_it() {
        let p = Path::root()
            .key("criteria")
            .index(3)
            .key("levels")
            .index(2)
            .key("label");
        assert_eq!(p.to_string(), "criteria[3].levels[2].label");
        assert_eq!(Path::root().to_string(), "(root)");
    }

    #[test]
    fn long_keys_are_cut_and_still_found() {
        let long = "k".repeat(100);
        let p = Path::root().key(&long);
        assert_eq!(p.to_string(), format!("{}…", "k".repeat(64)));
        assert!(p.0[0].is_key(&long));
        assert!(!p.0[0].is_key(&"k".repeat(64)));
        assert!(Path::root().key("id").0[0].is_key("id"));
        assert_eq!(
            short("é".repeat(65).as_str()),
            format!("{}…", "é".repeat(64))
        );
    }
}
