//! The one allow-list every URL from a rubric, task or server passes before it reaches the DOM.

/// A link target, if it is safe to navigate to: absolute `http:`, `https:` or `mailto:` only,
/// with no whitespace or control characters (which browsers strip, turning `java\tscript:` into
/// a script URL).
pub fn allow_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && host_of(&lower).is_some()
        || lower.starts_with("mailto:") && url.len() > "mailto:".len();
    ok.then(|| url.to_string())
}

/// An image source, if its origin is one the host allowed (`https://images.example.com`).
/// `data:`, relative and every other URL are refused: an image fetch is a request the host
/// did not make.
pub fn allow_image(url: &str, allowed_origins: &[String]) -> Option<String> {
    let link = allow_link(url)?;
    let origin = origin_of(&link)?;
    allowed_origins
        .iter()
        .any(|o| o.trim_end_matches('/').eq_ignore_ascii_case(&origin))
        .then_some(link)
}

/// `scheme://host[:port]`, lowercased, of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let scheme_end = lower.find("://")?;
    let scheme = &lower[..scheme_end];
    if scheme != "http" && scheme != "https" {
        return None;
    }
    Some(format!("{scheme}://{}", host_of(&lower)?))
}

/// The authority of an absolute URL, without user info; `None` when empty.
fn host_of(lower: &str) -> Option<&str> {
    let rest = &lower[lower.find("://")? + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_only_http_https_mailto() {
        assert!(allow_link("https://example.com/a?b#c").is_some());
        assert!(allow_link("mailto:someone@example.com").is_some());
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relative",
            "//evil.example/x",
            "https://",
            "http:\\\\evil",
            "mailto:",
        ] {
            assert_eq!(allow_link(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn images_only_from_allowed_origins() {
        let allowed = vec!["https://img.example.com".to_string()];
        assert!(allow_image("https://img.example.com/cat.png", &allowed).is_some());
        assert!(allow_image("HTTPS://IMG.EXAMPLE.COM/cat.png", &allowed).is_some());
        assert_eq!(
            allow_image("https://img.example.com.evil.io/cat.png", &allowed),
            None
        );
        assert_eq!(allow_image("https://user@evil.io/cat.png", &allowed), None);
        assert_eq!(allow_image("data:image/png;base64,AAAA", &allowed), None);
        assert_eq!(
            allow_image("http://img.example.com/cat.png", &allowed),
            None,
            "scheme is part of the origin"
        );
    }
}
