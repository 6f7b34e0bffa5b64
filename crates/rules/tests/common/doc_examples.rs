//! The examples of docs/rules-api.md, as the tests that hold the page to the code read them.

pub const DOC: &str = include_str!("../../../../docs/rules-api.md");

/// The bodies of the page's fenced blocks of `info` (`json request`, `json response`), in order.
pub fn blocks(info: &str) -> Vec<String> {
    let fence = format!("```{info}\n");
    DOC.match_indices(&fence)
        .filter_map(|(start, _)| {
            let body = &DOC[start + fence.len()..];
            body.find("\n```").map(|end| body[..end].to_owned())
        })
        .collect()
}
