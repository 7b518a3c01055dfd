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
    /// Origins allowed to call the API from another origin (CORS), each exactly as a browser
    /// sends it in `Origin` (checked by [`check_origin`]).
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
                "--cors-origin" => {
                    let v = value()?;
                    check_origin(&v)?;
                    o.cors_origins.push(v);
                }
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

/// What every `--cors-origin` error ends with when it has no better suggestion.
const ORIGIN_FORM: &str = "an origin is http:// or https://, a host and an optional port, \
     nothing after it: e.g. https://portal.example or http://127.0.0.1:8080";

/// Checks that `value` is an origin exactly as a browser sends it in the `Origin` header
/// (`scheme://host[:port]`, `http` or `https`, lower case, no default port, no path, no trailing
/// slash, no wildcard), since the CORS check compares the header with it byte for byte: anything
/// else would never match, or (`*`) would let every site send. The error names the value,
/// says why, and suggests the origin meant where there is one.
pub fn check_origin(value: &str) -> Result<(), String> {
    let refuse = |why: String| Err(format!("--cors-origin \"{value}\": {why}"));
    let did_you_mean =
        |why: &str, origin: String| refuse(format!("{why}; did you mean \"{origin}\"?"));
    if value.contains('*') {
        return refuse(
            "a wildcard is refused: submissions carry reviewers' credentials (the portal's \
             Authorization token) and their work, so only the portals you name may send them; \
             list each origin with its own --cors-origin, e.g. --cors-origin https://a.example \
             --cors-origin https://b.example"
                .into(),
        );
    }
    if value == "null" {
        return refuse(format!(
            "\"null\" is the origin of sandboxed frames and local files, which any page can \
             produce; {ORIGIN_FORM}"
        ));
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        let host = value.trim_end_matches('/');
        return if !host.is_empty() && !host.contains(['/', ':', '?', '#', '@', ' ']) {
            did_you_mean(
                "an origin starts with its scheme",
                format!("https://{host}"),
            )
        } else {
            refuse(ORIGIN_FORM.into())
        };
    };
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => {
            return refuse(format!(
                "only http and https origins can send; {ORIGIN_FORM}"
            ))
        }
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return refuse(format!(
            "an origin has no user name or password; {ORIGIN_FORM}"
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        // A colon inside an IPv6 address is not a port.
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (authority, None),
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let ipv6 = host.len() > 2
        && host.starts_with('[')
        && host.ends_with(']')
        && host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    let name = !host.is_empty()
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !(ipv6 || name) {
        return refuse(format!(
            "\"{host}\" is not a host name (ASCII letters, digits, '-' and '.'; an \
             internationalized name in its xn-- form) or an IPv6 address in brackets; {ORIGIN_FORM}"
        ));
    }
    if let Some(p) = port {
        if !p.chars().all(|c| c.is_ascii_digit()) || !matches!(p.parse::<u32>(), Ok(1..=65535)) {
            return refuse(format!("\"{p}\" is not a port (1 to 65535); {ORIGIN_FORM}"));
        }
    }
    // The origin meant: what a browser would send for this page.
    let meant = match port {
        Some(p) if p != default_port => format!("{scheme}://{}:{p}", host.to_ascii_lowercase()),
        _ => format!("{scheme}://{}", host.to_ascii_lowercase()),
    };
    if !tail.is_empty() {
        did_you_mean("an origin has no path or trailing slash", meant)
    } else if port == Some(default_port) {
        did_you_mean(
            &format!("browsers send an origin without its default port ({default_port})"),
            meant,
        )
    } else if meant != value {
        did_you_mean("browsers send an origin in lower case", meant)
    } else {
        Ok(())
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

    #[test]
    fn cors_origins_are_origins_as_browsers_send_them() {
        for ok in [
            "http://a.example",
            "https://portal.example:8443",
            "http://127.0.0.1:8080",
            "http://localhost:5173",
            "https://xn--bcher-kva.example",
            "http://[::1]:8080",
        ] {
            assert_eq!(check_origin(ok), Ok(()), "{ok}");
            assert_eq!(
                parse(&["--cors-origin", ok]).unwrap().cors_origins,
                vec![ok]
            );
        }
        let err = |v: &str| parse(&["--cors-origin", v]).unwrap_err();
        assert_eq!(
            err("http://a.example/"),
            "--cors-origin \"http://a.example/\": an origin has no path or trailing slash; \
             did you mean \"http://a.example\"?"
        );
        assert_eq!(
            err("https://portal.example:8443/review?x=1"),
            "--cors-origin \"https://portal.example:8443/review?x=1\": an origin has no path or \
             trailing slash; did you mean \"https://portal.example:8443\"?"
        );
        assert_eq!(
            err("HTTPS://Portal.Example"),
            "--cors-origin \"HTTPS://Portal.Example\": browsers send an origin in lower case; \
             did you mean \"https://portal.example\"?"
        );
        assert_eq!(
            err("https://a.example:443"),
            "--cors-origin \"https://a.example:443\": browsers send an origin without its default \
             port (443); did you mean \"https://a.example\"?"
        );
        assert_eq!(
            err("a.example"),
            "--cors-origin \"a.example\": an origin starts with its scheme; did you mean \
             \"https://a.example\"?"
        );
        for wildcard in ["*", "https://*.example"] {
            let e = err(wildcard);
            assert!(
                e.starts_with(&format!(
                    "--cors-origin \"{wildcard}\": a wildcard is refused"
                )),
                "{e}"
            );
            assert!(e.contains("credentials"), "{e}");
            assert!(e.contains("list each origin"), "{e}");
        }
        for (bad, why) in [
            ("ftp://a.example", "only http and https origins can send"),
            ("null", "an origin is http:// or https://"),
            ("", "an origin is http:// or https://"),
            ("http://", "\"\" is not a host name"),
            (
                "http://user:pw@a.example",
                "an origin has no user name or password",
            ),
            ("http://a.example:99999", "\"99999\" is not a port"),
            ("http://a.example:", "\"\" is not a port"),
            ("http://a..example", "is not a host name"),
            ("http://a example", "is not a host name"),
        ] {
            let e = err(bad);
            assert!(e.starts_with(&format!("--cors-origin \"{bad}\": ")), "{e}");
            assert!(e.contains(why), "{bad}: {e}");
            assert!(e.contains("e.g. https://portal.example"), "{bad}: {e}");
        }
    }
}
