//! Where a sync server is: an origin, the scheme, host and port and nothing after. The app
//! checks one typed in Settings with it, and `pingjia serve` the origins it is given (CORS and
//! the `config.json` one it names in its CSP), so both accept and refuse the same addresses.

/// `text` as an origin (`https://host[:port]` or `http://…`, spaces and one trailing `/`
/// trimmed), or `None` when it is not one: another scheme, no host, or a path, query, fragment,
/// space or user name after the host.
pub fn origin(text: &str) -> Option<&str> {
    let text = text.trim();
    let text = text.strip_suffix('/').unwrap_or(text);
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    let valid = !rest.is_empty() && !rest.contains(['/', '?', '#', ' ', '@']);
    valid.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::origin;

    #[test]
    fn only_a_scheme_and_a_host_make_an_origin() {
        assert_eq!(
            origin("https://sync.example.cn"),
            Some("https://sync.example.cn")
        );
        assert_eq!(
            origin(" http://127.0.0.1:8080/ "),
            Some("http://127.0.0.1:8080")
        );
        for wrong in [
            "sync.example.cn",
            "https://",
            "https://x.cn/api",
            "https://x.cn//",
            "https://x.cn?a=1",
            "https://x.cn#top",
            "https://user@x.cn",
            "ftp://x.cn",
            "https://a b",
            "",
        ] {
            assert_eq!(origin(wrong), None, "{wrong:?}");
        }
    }
}
