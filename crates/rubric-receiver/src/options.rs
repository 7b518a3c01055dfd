//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How the receiver runs. Every fault counter applies to the first N `POST`s that reach it.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    pub db: PathBuf,
    /// Served for every path outside `/api/`.
    pub static_dir: Option<PathBuf>,
    /// Extra directories served under a path prefix (`--mount /fixtures=tests/e2e/fixtures`),
    /// so a test page can load its own rubrics from the same origin.
    pub mounts: Vec<(String, PathBuf)>,
    /// A `Content-Security-Policy` header for every response (to try pages under a strict
    /// policy, as the embedding tests do).
    pub csp: Option<String>,
    /// Origins allowed to call the API from another origin (CORS).
    pub cors_origins: Vec<String>,
    /// Answer the first N posts with `fail_status` without storing.
    pub fail_first: u32,
    pub fail_status: u16,
    /// Answer the first N posts with 429 and `Retry-After: retry_after_secs`.
    pub retry_after_first: u32,
    pub retry_after_secs: u32,
    /// Store the first N posts, then drop the connection before answering (lost acknowledgement).
    pub drop_after_store_first: u32,
    /// Never answer the first N posts.
    pub hang_first: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: PathBuf::from("receiver.sqlite"),
            static_dir: None,
            mounts: Vec::new(),
            csp: None,
            cors_origins: Vec::new(),
            fail_first: 0,
            fail_status: 503,
            retry_after_first: 0,
            retry_after_secs: 2,
            drop_after_store_first: 0,
            hang_first: 0,
        }
    }
}

pub const USAGE: &str =
    "usage: rubric-receiver [--addr 127.0.0.1:8080] [--db receiver.sqlite] [--static DIR]
                      [--mount /PREFIX=DIR]... [--csp POLICY]
                      [--cors-origin ORIGIN]... [--fail-first N] [--fail-status STATUS]
                      [--retry-after-first N] [--retry-after SECS]
                      [--drop-after-store-first N] [--hang-first N]";

impl Options {
    /// Parses arguments (without the program name); the error names the bad argument.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut o = Options::default();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            let number = |v: String| {
                v.parse::<u32>()
                    .map_err(|_| format!("{flag}: \"{v}\" is not a whole number"))
            };
            match flag.as_str() {
                "--addr" => {
                    let v = value()?;
                    o.addr = v.parse().map_err(|_| {
                        format!("--addr: \"{v}\" is not an address like 127.0.0.1:8080")
                    })?;
                }
                "--db" => o.db = value()?.into(),
                "--static" => o.static_dir = Some(value()?.into()),
                "--mount" => {
                    let v = value()?;
                    let (prefix, dir) = v
                        .split_once('=')
                        .filter(|(p, d)| {
                            p.len() > 1 && p.starts_with('/') && !p.ends_with('/') && !d.is_empty()
                        })
                        .ok_or_else(|| format!("--mount: \"{v}\" is not like /fixtures=DIR"))?;
                    o.mounts.push((prefix.to_string(), dir.into()));
                }
                "--cors-origin" => o.cors_origins.push(value()?),
                "--csp" => o.csp = Some(value()?),
                "--fail-first" => o.fail_first = number(value()?)?,
                "--fail-status" => {
                    let v = value()?;
                    o.fail_status = v
                        .parse()
                        .ok()
                        .filter(|s| (400..600).contains(s))
                        .ok_or_else(|| {
                            format!("--fail-status: \"{v}\" is not a 4xx or 5xx status")
                        })?;
                }
                "--retry-after-first" => o.retry_after_first = number(value()?)?,
                "--retry-after" => o.retry_after_secs = number(value()?)?,
                "--drop-after-store-first" => o.drop_after_store_first = number(value()?)?,
                "--hang-first" => o.hang_first = number(value()?)?,
                "--help" | "-h" => return Err(USAGE.to_string()),
                other => return Err(format!("unknown option {other}\n{USAGE}")),
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_flags_and_names_bad_ones() {
        let o = parse(&[
            "--addr",
            "127.0.0.1:9000",
            "--fail-first",
            "2",
            "--cors-origin",
            "http://a",
            "--cors-origin",
            "http://b",
        ])
        .unwrap();
        assert_eq!(o.addr.port(), 9000);
        assert_eq!(o.fail_first, 2);
        assert_eq!(o.cors_origins, vec!["http://a", "http://b"]);
        assert_eq!(
            parse(&["--fail-first", "x"]).unwrap_err(),
            "--fail-first: \"x\" is not a whole number"
        );
        assert_eq!(
            parse(&["--fail-status", "200"]).unwrap_err(),
            "--fail-status: \"200\" is not a 4xx or 5xx status"
        );
        assert_eq!(parse(&["--db"]).unwrap_err(), "--db needs a value");
        assert!(parse(&["--nope"])
            .unwrap_err()
            .starts_with("unknown option --nope"));
    }
}
