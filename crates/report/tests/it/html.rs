//! The HTML report: every chosen section, inline charts, nothing fetched from anywhere.

use modeldesk_report::{ReportOptions, Section, Theme, report_html};

use crate::sample;

/// Markdown as the app renders it is not this crate's business: a marker shows where it went.
fn md(text: &str) -> String {
    format!("<p data-md>{}</p>", text.replace('<', "&lt;"))
}

/// Anything that would make a browser reach the network (or run code).
fn external_references(html: &str) -> Vec<&str> {
    [
        "http://",
        "https://",
        "src=\"//",
        "href=\"//",
        "<script",
        "<link",
        "@import",
        "url(",
        "<iframe",
    ]
    .into_iter()
    .filter(|needle| html.to_ascii_lowercase().contains(needle))
    .collect()
}

#[test]
fn the_report_has_every_section_with_inline_charts_and_no_network() {
    let bundle = sample();
    let profile = vec![modeldesk_report::ProfileColumn {
        name: "rooms | size".into(),
        kind: "float".into(),
        nulls: 2,
        distinct: 9,
        min_mean_max: Some([1.0, 3.5, 9.0]),
        top: vec![],
        flags: vec!["mostly missing".into()],
    }];
    let html = report_html(&bundle, &profile, &ReportOptions::default(), &md);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\" class=\"auto\">"));
    assert_eq!(external_references(&html), Vec::<&str>::new());
    for id in [
        "summary",
        "data",
        "training",
        "metrics",
        "explanations",
        "card",
        "notes",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no {id} section"
        );
    }
    for text in [
        "<div class=\"metric\"><span>test rmse</span><b>1.2500</b></div>",
        "<div class=\"metric\"><span>review</span><b>approved</b></div>",
        "<blockquote>Good enough for the pilot.</blockquote>",
        "<td>rooms | size</td><td>float</td><td class=\"num\">2</td>",
        "<td>mostly missing</td>",
        "aria-label=\"Training and validation loss per iteration\"",
        "aria-label=\"Mean |SHAP value| per column\"",
        "aria-label=\"Why sample row 0 gets its prediction\"",
        "from the base value 100.0000 to the output 110.0000",
        "<p data-md>It beats the linear model by **10 %**.</p>",
    ] {
        assert!(html.contains(text), "report lacks {text:?}");
    }
    // Same inputs, same bytes.
    assert_eq!(
        html,
        report_html(&bundle, &profile, &ReportOptions::default(), &md)
    );
}

#[test]
fn chosen_sections_and_theme_are_respected() {
    let options = ReportOptions {
        sections: vec![Section::Metrics, Section::Summary],
        theme: Theme::Dark,
        rows: vec![2, 7],
    };
    let html = report_html(&sample(), &[], &options, &md);
    assert!(html.contains("class=\"dark\""));
    let metrics = html.find("<section id=\"metrics\">").unwrap();
    let summary = html.find("<section id=\"summary\">").unwrap();
    assert!(metrics < summary, "sections come in the order asked");
    assert!(!html.contains("<section id=\"notes\">"));
    assert!(!html.contains("<section id=\"explanations\">"));
    // A residual plot for a regressor.
    assert!(html.contains("aria-label=\"Residuals (test)\""));
}

/// Pages in a PDF (page objects, not the page tree).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type/Page")
        .filter(|(i, _)| !text[i + 10..].starts_with('s'))
        .count()
}

#[test]
fn the_pdf_has_the_same_sections_on_a4_pages_and_the_same_bytes_each_time() {
    let bundle = sample();
    let pdf = modeldesk_report::report_pdf(&bundle, &[], &ReportOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    let pages = pdf_pages(&pdf);
    assert!((2..=8).contains(&pages), "{pages} pages");
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(
        text.matches("/MediaBox[0 0 595.28 841.89]").count(),
        pages,
        "A4 pages"
    );
    assert_eq!(
        pdf,
        modeldesk_report::report_pdf(&bundle, &[], &ReportOptions::default()).unwrap()
    );
    // Fewer sections, fewer pages.
    let short = ReportOptions {
        sections: vec![Section::Summary],
        ..ReportOptions::default()
    };
    let one = modeldesk_report::report_pdf(&bundle, &[], &short).unwrap();
    assert_eq!(pdf_pages(&one), 1);
}
