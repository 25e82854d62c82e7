//! Markdown for notes and comments: rendered to HTML with `pulldown-cmark`, then sanitised with
//! `ammonia` (no scripts, event handlers, `javascript:` URLs, styles or remote images unless
//! allowed); `[[kind:ref]]` references become `modeldesk://kind/ref` links and `@name`
//! mentions of known people are marked up.

use std::borrow::Cow;
use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

/// Entity kinds a `[[kind:ref]]` reference may name.
pub const LINK_KINDS: [&str; 7] = [
    "note",
    "run",
    "model",
    "dataset",
    "column",
    "explanation",
    "project",
];

/// A `[[kind:ref]]` reference found in a text.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntityLink {
    /// `run`, `model`, ...
    pub kind: String,
    /// The id or name.
    pub reference: String,
}

/// Every `[[kind:ref]]` in `text`, in order.
pub fn links(text: &str) -> Vec<EntityLink> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("]]") else { break };
        let inner = &after[..end];
        if let Some((kind, reference)) = inner.split_once(':')
            && LINK_KINDS.contains(&kind.trim())
            && !reference.trim().is_empty()
            && !reference.contains(['[', ']', '\n'])
        {
            out.push(EntityLink {
                kind: kind.trim().to_owned(),
                reference: reference.trim().to_owned(),
            });
        }
        rest = &after[end + 2..];
    }
    out
}

/// The people `@mentioned` in `text` among `known` names (matched without case; a name with
/// spaces is written with dots or underscores: `@ada.lovelace`).
pub fn mentions(text: &str, known: &[String]) -> Vec<String> {
    let key = |s: &str| s.to_lowercase().replace([' ', '.', '_'], "");
    let mut out: Vec<String> = Vec::new();
    for (i, _) in text.match_indices('@') {
        if text[..i].chars().last().is_some_and(char::is_alphanumeric) {
            continue; // an email address, not a mention
        }
        let word: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let word = word.trim_end_matches(['.', '-']);
        if word.is_empty() {
            continue;
        }
        if let Some(name) = known.iter().find(|n| key(n) == key(word))
            && !out.contains(name)
        {
            out.push(name.clone());
        }
    }
    out
}

/// Markdown → sanitised HTML. References become links; remote images are dropped unless
/// `allow_remote_images`.
pub fn render(markdown: &str, allow_remote_images: bool) -> String {
    let with_links = rewrite_links(markdown);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, Parser::new_ext(&with_links, options));
    sanitise(&raw, allow_remote_images)
}

/// `[[kind:ref]]` → a Markdown link to `modeldesk://kind/ref`.
fn rewrite_links(markdown: &str) -> String {
    let found = links(markdown);
    if found.is_empty() {
        return markdown.to_owned();
    }
    let mut out = markdown.to_owned();
    for link in found {
        let target = format!(
            "modeldesk://{}/{}",
            link.kind,
            link.reference
                .chars()
                .map(|c| if c.is_alphanumeric() || "-_.@".contains(c) {
                    c.to_string()
                } else {
                    format!("%{:02X}", u32::from(c) & 0xFF)
                })
                .collect::<String>()
        );
        let text = format!("{}:{}", link.kind, link.reference).replace(['[', ']'], "");
        out = out.replacen(
            &format!("[[{}:{}]]", link.kind, link.reference),
            &format!("[{text}]({target})"),
            1,
        );
    }
    out
}

/// Keeps only harmless HTML: ammonia's safe defaults (no `script`, `style`, event handlers or
/// `javascript:`/`data:` URLs), links open safely, and remote images only when allowed.
pub fn sanitise(html: &str, allow_remote_images: bool) -> String {
    let schemes: HashSet<&str> = ["http", "https", "mailto", "modeldesk"]
        .into_iter()
        .collect();
    ammonia::Builder::default()
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(move |element, attribute, value| {
            if element == "img" && attribute == "src" {
                let remote = value.starts_with("http:")
                    || value.starts_with("https:")
                    || value.starts_with("//");
                if remote && !allow_remote_images {
                    return None;
                }
            }
            Some(Cow::Borrowed(value))
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payloads from the usual XSS cheat sheets: none may survive as executable HTML.
    const PAYLOADS: &[&str] = &[
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"evil.swf\"></object>",
        "<form action=\"https://evil.example\"><input></form>",
        "<body onload=alert(1)>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "![x](javascript:alert(1))",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<base href=\"https://evil.example/\">",
    ];

    #[test]
    fn xss_payloads_are_neutralised() {
        for payload in PAYLOADS {
            let out = render(payload, false).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "ontoggle",
                "javascript:",
                "<iframe",
                "<object",
                "<form",
                "<style",
                "expression(",
                "<meta",
                "<base",
                "data:text",
            ] {
                assert!(!out.contains(bad), "{payload:?} left {bad:?} in {out:?}");
            }
        }
    }

    #[test]
    fn markdown_references_mentions_and_images() {
        let html = render("**Bold** see [[run:0191ab]] and <b>ok</b>", false);
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(html.contains("href=\"modeldesk://run/0191ab\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        let img = "![chart](https://cdn.example/x.png)";
        assert!(!render(img, false).contains("cdn.example"));
        assert!(render(img, true).contains("https://cdn.example/x.png"));
        assert_eq!(
            links("[[model:churn v2]] [[planet:x]] [[run:]] [[dataset:sales@3]]"),
            vec![
                EntityLink {
                    kind: "model".into(),
                    reference: "churn v2".into()
                },
                EntityLink {
                    kind: "dataset".into(),
                    reference: "sales@3".into()
                },
            ]
        );
        let known = vec!["Ada Lovelace".to_owned(), "bo".to_owned()];
        assert_eq!(
            mentions("cc @ada.lovelace and @Bo, not me@bo.org or @nobody", &known),
            ["Ada Lovelace", "bo"]
        );
    }
}
