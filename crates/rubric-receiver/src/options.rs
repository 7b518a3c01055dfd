//! Command-line options.

use crate::store::Database;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How the receiver runs. Every fault counter applies to the first N `POST`s that reach it.
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    /// A SQLite file, or a `postgres://` URL.
    pub db: Database,
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
    /// The bearer tokens file (`TOKEN ANNOTATOR ROLE` per line, see [`crate::auth`]); without
    /// it anyone who reaches the port may read and write, as the demo does.
    pub tokens: Option<PathBuf>,
    /// Host names (the `Host` header without its port) served besides the listening address
    /// and `localhost`: a request naming any other host is refused (421), so a page on a
    /// rebinding domain that resolves to this machine cannot read or write through it.
    pub allowed_hosts: Vec<String>,
    /// Origins allowed to frame `embed/frame.html` (its `frame-ancestors`); without any, only
    /// this origin (`'self'`), since the frame trusts a `parent` parameter any page can set.
    pub frame_ancestors: Vec<String>,
    /// How long a shutdown waits for requests in flight before it gives up on them.
    pub shutdown_grace_secs: u32,
    /// Store the demo's example reviews ([`crate::demo_seed`]) at start-up when the database
    /// holds no submission yet.
    pub seed_demo: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db: Database::Sqlite(PathBuf::from("receiver.sqlite")),
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
            tokens: None,
            allowed_hosts: Vec::new(),
            frame_ancestors: Vec::new(),
            shutdown_grace_secs: 30,
            seed_demo: false,
        }
    }
}

pub const USAGE: &str =
    "usage: rubric-receiver [--addr 127.0.0.1:8080] [--db receiver.sqlite|postgres://…] [--static DIR]
                      [--mount /PREFIX=DIR]... [--csp POLICY]
                      [--cors-origin ORIGIN]... [--tokens FILE] [--allowed-host HOST]...
                      [--frame-ancestor ORIGIN]... [--shutdown-grace SECS] [--seed-demo]
                      [--fail-first N] [--fail-status STATUS]
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
                "--db" => o.db = Database::parse(&value()?),
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
                "--tokens" => o.tokens = Some(value()?.into()),
                "--allowed-host" => {
                    let v = value()?;
                    o.allowed_hosts.push(check_host(&v)?);
                }
                "--frame-ancestor" => {
                    let v = value()?;
                    if v != "'self'" {
                        check_origin_for("--frame-ancestor", &v)?;
                    }
                    o.frame_ancestors.push(v);
                }
                "--shutdown-grace" => o.shutdown_grace_secs = number(value()?)?,
                "--seed-demo" => o.seed_demo = true,
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

/// The host of a `Host` header value (`name`, `name:port`, `[v6]:port`), in lower case without
/// a trailing dot or the port: what [`check_host`] values are compared with. `None` when it is
/// not a host name or an address (nothing to compare then: the request is refused).
pub fn host_of(authority: &str) -> Option<String> {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.starts_with(':'))
            || v6.is_empty()
            || !v6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        format!("[{v6}]")
    } else {
        let host = authority.split_once(':').map_or(authority, |(h, _)| h);
        let host = host.strip_suffix('.').unwrap_or(host);
        let name = !host.is_empty()
            && host
                .split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !name {
            return None;
        }
        host.to_string()
    };
    Some(host.to_ascii_lowercase())
}

/// Checks an `--allowed-host` value: a host name or address as a `Host` header names it, without
/// scheme, port, path or wildcard (the port is not compared: a proxy may forward any). Returns it
/// as compared.
pub fn check_host(value: &str) -> Result<String, String> {
    let refuse = |why: String| Err(format!("--allowed-host \"{value}\": {why}"));
    if value.contains('*') {
        return refuse(
            "a wildcard is refused: a rebinding domain could match it; list each host name \
             with its own --allowed-host"
                .into(),
        );
    }
    if let Some((_, rest)) = value.split_once("://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        return match host_of(authority) {
            Some(h) => refuse(format!("a host name has no scheme; did you mean \"{h}\"?")),
            None => refuse("not a host name, e.g. reviews.example.org".into()),
        };
    }
    let has_port = match value.strip_prefix('[') {
        Some(v6) => v6.contains("]:"),
        None => value.contains(':'),
    };
    match host_of(value) {
        Some(h) if has_port => refuse(format!("the port is not compared; did you mean \"{h}\"?")),
        Some(h) => Ok(h),
        None => refuse("not a host name or address, e.g. reviews.example.org".into()),
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
    check_origin_for("--cors-origin", value)
}

/// [`check_origin`] for the option `flag` (`--cors-origin`, `--frame-ancestor`): both are
/// compared with what a browser sends, and a wildcard lets in sites nobody named.
pub fn check_origin_for(flag: &str, value: &str) -> Result<(), String> {
    let refuse = |why: String| Err(format!("{flag} \"{value}\": {why}"));
    let did_you_mean =
        |why: &str, origin: String| refuse(format!("{why}; did you mean \"{origin}\"?"));
    if value.contains('*') {
        let why = if flag == "--cors-origin" {
            "submissions carry reviewers' credentials (the portal's Authorization token) and \
             their work, so only the portals you name may send them"
        } else {
            "any site it matches could frame the review form and trick reviewers into clicks \
             (clickjacking), so only the portals you name may frame it"
        };
        return refuse(format!(
            "a wildcard is refused: {why}; list each origin with its own {flag}, e.g. {flag} \
             https://a.example {flag} https://b.example"
        ));
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
        assert!(!o.seed_demo);
        assert!(parse(&["--seed-demo"]).unwrap().seed_demo);
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
    fn allowed_hosts_are_host_names_compared_without_port() {
        assert_eq!(
            check_host("Reviews.Example.org"),
            Ok("reviews.example.org".into())
        );
        assert_eq!(check_host("10.0.0.7"), Ok("10.0.0.7".into()));
        assert_eq!(check_host("[::1]"), Ok("[::1]".into()));
        assert_eq!(
            check_host("reviews.example.org:443").unwrap_err(),
            "--allowed-host \"reviews.example.org:443\": the port is not compared; did you \
             mean \"reviews.example.org\"?"
        );
        assert_eq!(
            check_host("https://reviews.example.org/").unwrap_err(),
            "--allowed-host \"https://reviews.example.org/\": a host name has no scheme; did \
             you mean \"reviews.example.org\"?"
        );
        assert!(check_host("*.example.org")
            .unwrap_err()
            .contains("a wildcard is refused"));
        assert!(check_host("a b").unwrap_err().contains("not a host name"));
        assert_eq!(host_of("LocalHost:8080"), Some("localhost".into()));
        assert_eq!(host_of("evil.example."), Some("evil.example".into()));
        assert_eq!(host_of("[::1]:8080"), Some("[::1]".into()));
        assert_eq!(host_of("a/b"), None);
        assert_eq!(host_of(""), None);
    }

    #[test]
    fn frame_ancestors_are_origins_or_self() {
        let o = parse(&[
            "--frame-ancestor",
            "'self'",
            "--frame-ancestor",
            "https://portal.example",
        ])
        .unwrap();
        assert_eq!(o.frame_ancestors, vec!["'self'", "https://portal.example"]);
        let e = parse(&["--frame-ancestor", "https://*.example"]).unwrap_err();
        assert!(e.contains("clickjacking"), "{e}");
        assert!(e.contains("its own --frame-ancestor"), "{e}");
        assert_eq!(
            parse(&["--frame-ancestor", "https://portal.example/"]).unwrap_err(),
            "--frame-ancestor \"https://portal.example/\": an origin has no path or trailing \
             slash; did you mean \"https://portal.example\"?"
        );
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
