//! The report as one self-contained HTML file: styles and SVG charts inline, no script, no
//! network at all — it opens from a USB stick. Light or dark, on screen and in print.

use std::fmt::Write as _;

use crate::ModelBundle;
use crate::document::{Block, ProfileColumn, ReportOptions, Theme, blocks};
use crate::svg::esc;

const STYLE: &str = include_str!("report.css");

/// The report as one HTML document. `markdown` renders (and sanitises) note and card
/// Markdown to HTML without remote content.
pub fn report_html(
    bundle: &ModelBundle,
    profile: &[ProfileColumn],
    options: &ReportOptions,
    markdown: &dyn Fn(&str) -> String,
) -> String {
    let c = &bundle.card;
    let theme = match options.theme {
        Theme::Auto => "auto",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"{theme}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"ModelDesk {}\"><title>{} — model report</title>\
         <style>{STYLE}</style></head><body><main>\
         <header><h1>{}</h1><p class=\"muted\">Model report · {} · made {}</p></header>",
        esc(&c.app_version),
        esc(&c.name),
        esc(&c.name),
        esc(&c.task),
        esc(&c.created_at)
    );
    let mut open = false;
    for block in blocks(bundle, profile, options) {
        if let Block::Section(id, title) = block {
            if open {
                h.push_str("</section>");
            }
            let _ = write!(h, "<section id=\"{id}\"><h2>{title}</h2>");
            open = true;
        } else {
            block_html(&mut h, &block, markdown);
        }
    }
    if open {
        h.push_str("</section>");
    }
    let _ = write!(
        h,
        "<footer class=\"muted\">Made with ModelDesk {} from model {}.</footer></main></body></html>",
        esc(&c.app_version),
        esc(&c.model_id)
    );
    h.push('\n');
    h
}

fn block_html(h: &mut String, block: &Block, markdown: &dyn Fn(&str) -> String) {
    match block {
        Block::Section(..) => {}
        Block::Text(t) => {
            let _ = write!(h, "<p>{}</p>", esc(t));
        }
        Block::Muted(t) => {
            let _ = write!(h, "<p class=\"muted\">{}</p>", esc(t));
        }
        Block::Cards(cards) => {
            h.push_str("<div class=\"cards\">");
            for (label, value) in cards {
                let _ = write!(
                    h,
                    "<div class=\"metric\"><span>{}</span><b>{}</b></div>",
                    esc(label),
                    esc(value)
                );
            }
            h.push_str("</div>");
        }
        Block::Quote(t) => {
            let _ = write!(h, "<blockquote>{}</blockquote>", esc(t));
        }
        Block::Table(header, rows, numeric) => {
            h.push_str("<table><thead><tr>");
            for cell in header {
                let _ = write!(h, "<th>{}</th>", esc(cell));
            }
            h.push_str("</tr></thead><tbody>");
            for row in rows {
                h.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    let class = if numeric.get(i).copied().unwrap_or(false) {
                        " class=\"num\""
                    } else {
                        ""
                    };
                    let _ = write!(h, "<td{class}>{}</td>", esc(cell));
                }
                h.push_str("</tr>");
            }
            h.push_str("</tbody></table>");
        }
        Block::Figures(figures) => {
            h.push_str(if figures.len() > 1 {
                "<div class=\"grid\">"
            } else {
                "<div>"
            });
            for f in figures {
                let _ = write!(h, "<figure>{}", f.svg);
                if let Some(c) = &f.caption {
                    let _ = write!(h, "<figcaption>{}</figcaption>", esc(c));
                }
                h.push_str("</figure>");
            }
            h.push_str("</div>");
        }
        Block::Markdown(md) => {
            let _ = write!(h, "<div class=\"md\">{}</div>", markdown(md));
        }
        Block::Note(title, byline, body) => {
            let _ = write!(
                h,
                "<article class=\"note\"><h3>{}</h3><p class=\"muted\">{}</p><div class=\"md\">{}</div></article>",
                esc(title),
                esc(byline),
                markdown(body)
            );
        }
    }
}
