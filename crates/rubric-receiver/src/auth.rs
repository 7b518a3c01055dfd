//! Bearer tokens (`--tokens FILE`): who is calling, and what they may do.
//!
//! The trust boundary (CONTRACT.md, the HTTP exchange): the annotator in a body is only what the
//! widget was told, so with tokens the receiver stores a document only when the person it names
//! is the token's, and never takes the person from the body alone.

use axum::http::{header, HeaderMap};
use std::path::Path;

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Sends their own submissions and quiz results (the widget's `setAuthorization`).
    Annotator,
    /// Reads the listings (exports, dashboards); cannot write.
    Reader,
    /// A model acting as a judge (CONTRACT.md, "Model judges"): sends its own submissions, each
    /// carrying `"rater": {"kind": "model", …}`. Only this role's documents may carry a
    /// `rater`: an annotator's come from the widget, which never writes one.
    Judge,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Annotator => "annotator",
            Role::Reader => "reader",
            Role::Judge => "judge",
        }
    }

    /// "an annotator token", "an annotator or judge token": what a refusal says was needed.
    pub fn needed(roles: &[Role]) -> String {
        let names: Vec<&str> = roles.iter().map(|r| r.name()).collect();
        let article = match names.first() {
            Some(n) if n.starts_with(['a', 'e', 'i', 'o', 'u']) => "an",
            _ => "a",
        };
        format!("{article} {} token", names.join(" or "))
    }
}

/// The caller a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The annotator (or trainee) id this token's documents must name.
    pub person: String,
    pub role: Role,
}

/// The tokens file, loaded once at start-up.
#[derive(Debug)]
pub struct Tokens(Vec<(Vec<u8>, Identity)>);

/// Shorter tokens could be guessed; `openssl rand -hex 32` makes 64 characters.
const MIN_TOKEN_LEN: usize = 32;

impl Tokens {
    /// Reads `TOKEN PERSON ROLE` lines (`#` starts a comment); every mistake is refused with its
    /// line, since a token that silently fails to load locks a reviewer out mid-shift.
    pub fn load(path: &Path) -> Result<Tokens, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--tokens {}: {e}", path.display()))?;
        Tokens::parse(&text).map_err(|e| format!("--tokens {}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Tokens, String> {
        let mut tokens: Vec<(Vec<u8>, Identity)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let at = |why: String| format!("line {}: {why}", n + 1);
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [token, person, role] = fields[..] else {
                return Err(at(format!(
                    "expected TOKEN PERSON ROLE (3 fields), found {}",
                    fields.len()
                )));
            };
            if token.len() < MIN_TOKEN_LEN {
                return Err(at(format!(
                    "the token is {} characters; use at least {MIN_TOKEN_LEN} (e.g. openssl \
                     rand -hex 32)",
                    token.len()
                )));
            }
            let role = match role {
                "annotator" => Role::Annotator,
                "reader" => Role::Reader,
                "judge" => Role::Judge,
                other => {
                    return Err(at(format!(
                        "unknown role \"{other}\"; roles are annotator, judge and reader"
                    )))
                }
            };
            if tokens.iter().any(|(t, _)| t == token.as_bytes()) {
                return Err(at("this token is already on an earlier line".into()));
            }
            let person = person.to_string();
            tokens.push((token.as_bytes().to_vec(), Identity { person, role }));
        }
        if tokens.is_empty() {
            return Err("no tokens: every request would be refused".into());
        }
        Ok(Tokens(tokens))
    }

    /// The identity of the `Authorization: Bearer …` header, if it names a known token. Every
    /// token is compared, each in constant time, so the answer's timing says nothing about how
    /// much of a guess was right nor which token it was close to.
    pub fn identify(&self, headers: &HeaderMap) -> Option<&Identity> {
        let presented = headers
            .get(header::AUTHORIZATION)?
            .as_bytes()
            .strip_prefix(b"Bearer ")?;
        let mut found = None;
        for (token, identity) in &self.0 {
            if constant_time_eq(token, presented) {
                found = Some(identity);
            }
        }
        found
    }
}

/// Equality whose running time depends only on the length of `b` (the caller's own input),
/// never on where the first difference is.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = u8::from(a.len() != b.len());
    for (i, y) in b.iter().enumerate() {
        let x = a.get(i).copied().unwrap_or(!y);
        diff |= std::hint::black_box(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "0123456789abcdef0123456789abcdef";
    const T2: &str = "fedcba9876543210fedcba9876543210";
    const T3: &str = "00112233445566778899aabbccddeeff";

    #[test]
    fn tokens_load_with_their_person_and_role() {
        let tokens = Tokens::parse(&format!(
            "# team tokens\n{T1} ann-7 annotator\n\n{T2} export reader # nightly\n{T3} judge:a judge\n"
        ))
        .unwrap();
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::AUTHORIZATION, v.parse().unwrap());
            h
        };
        let id = tokens.identify(&with(&format!("Bearer {T1}"))).unwrap();
        assert_eq!((id.person.as_str(), id.role), ("ann-7", Role::Annotator));
        let id = tokens.identify(&with(&format!("Bearer {T2}"))).unwrap();
        assert_eq!(id.role, Role::Reader);
        let id = tokens.identify(&with(&format!("Bearer {T3}"))).unwrap();
        assert_eq!((id.person.as_str(), id.role), ("judge:a", Role::Judge));
        assert_eq!(tokens.identify(&with(&format!("Bearer {T1}x"))), None);
        assert_eq!(
            tokens.identify(&with(&format!("Bearer {}", &T1[1..]))),
            None
        );
        assert_eq!(tokens.identify(&with(T1)), None, "the scheme is required");
        assert_eq!(tokens.identify(&HeaderMap::new()), None);
    }

    #[test]
    fn mistakes_in_the_file_name_their_line() {
        let err = |text: &str| Tokens::parse(text).unwrap_err();
        assert_eq!(
            err(&format!("{T1} ann-7\n")),
            "line 1: expected TOKEN PERSON ROLE (3 fields), found 2"
        );
        assert!(err("short ann annotator").starts_with("line 1: the token is 5 characters"));
        assert_eq!(
            err(&format!("\n{T1} ann admin")),
            "line 2: unknown role \"admin\"; roles are annotator, judge and reader"
        );
        assert_eq!(
            err(&format!("{T1} a annotator\n{T1} b reader")),
            "line 2: this token is already on an earlier line"
        );
        assert_eq!(
            err("# nothing\n"),
            "no tokens: every request would be refused"
        );
    }

    #[test]
    fn refusals_name_the_roles_needed() {
        assert_eq!(Role::needed(&[Role::Reader]), "a reader token");
        assert_eq!(
            Role::needed(&[Role::Annotator, Role::Judge]),
            "an annotator or judge token"
        );
    }

    #[test]
    fn constant_time_eq_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }
}
