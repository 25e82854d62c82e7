//! The report as a PDF: the same blocks as the HTML report, laid out on A4 pages. Written with
//! `krilla` (a well-kept pure-Rust PDF writer from the Typst authors, offline on every OS);
//! text uses egui's default font (embedded, subset), so the PDF looks the same everywhere;
//! charts are the report's own SVGs, converted by `krilla-svg` to vector graphics.
//! Markdown (the card, notes) is laid out from `pulldown-cmark` events: headings, paragraphs,
//! list items and tables.

use std::sync::Arc;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla_svg::{SurfaceExt, SvgSettings};
use skrifa::MetadataProvider as _;

use crate::document::{Block, ProfileColumn, ReportOptions, blocks};
use crate::{ModelBundle, ReportError, Result};

/// A4 in points, and the margins.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 50.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// The font's bytes (Ubuntu Light, from egui's defaults: Latin, Greek and Cyrillic).
const FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// Concrete colours for the charts' CSS classes (the light theme of `report.css`): usvg does
/// not know the page's CSS variables.
const CHART_STYLE: &str = ".gl{stroke:#d1d9e0;stroke-width:1}.tick{fill:#59636e;font-size:11px}\
.axis{fill:#1f2328;font-size:12px}.count{fill:#1f2328;font-size:13px}.line{fill:none;stroke-width:2}\
.heat{fill:#0969da}.s0.line{stroke:#1e88e5}.s1.line{stroke:#e65100}.s2.line{stroke:#2e7d32}\
.s3.line{stroke:#8e24aa}.s4.line{stroke:#00838f}.s5.line{stroke:#6d4c41}.s0.fill{fill:#1e88e5}\
.s1.fill{fill:#e65100}.s2.fill{fill:#2e7d32}.s3.fill{fill:#8e24aa}.s4.fill{fill:#00838f}\
.s5.fill{fill:#6d4c41}.lo.fill{fill:#1e88e5}.mid.fill{fill:#8e6ccf}.hi.fill{fill:#ff0052}.na.fill{fill:#9aa4ae}";

/// Text colours.
const INK: (u8, u8, u8) = (0x1f, 0x23, 0x28);
const MUTED: (u8, u8, u8) = (0x59, 0x63, 0x6e);
const RULE: (u8, u8, u8) = (0xd1, 0xd9, 0xe0);
const PANEL: (u8, u8, u8) = (0xf6, 0xf8, 0xfa);

/// Measures text in the report's font.
struct Measure {
    /// Advance per character at size 1 (from the font's own metrics).
    advance: Box<dyn Fn(char) -> f32>,
}

impl Measure {
    fn new() -> Result<Self> {
        let font = skrifa::FontRef::new(FONT).map_err(|e| ReportError::Serialise {
            what: "the PDF font",
            reason: e.to_string(),
        })?;
        let upem = f32::from(
            font.metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            )
            .units_per_em,
        );
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(
            skrifa::instance::Size::unscaled(),
            skrifa::instance::LocationRef::default(),
        );
        let table: Vec<(char, f32)> = (' '..='\u{2fff}')
            .filter_map(|c| {
                let g = charmap.map(c)?;
                Some((c, metrics.advance_width(g)? / upem))
            })
            .collect();
        let lookup: std::collections::HashMap<char, f32> = table.into_iter().collect();
        Ok(Self {
            advance: Box::new(move |c| lookup.get(&c).copied().unwrap_or(0.55)),
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| (self.advance)(c)).sum::<f32>() * size
    }

    /// `text` broken into lines no wider than `width` (words longer than a line are cut).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::take(&mut line));
                    word.clone_into(&mut line);
                }
            }
            lines.push(line);
        }
        lines
    }

    /// `text` cut to `width` with an ellipsis.
    fn fit(&self, text: &str, size: f32, width: f32) -> String {
        if self.width(text, size) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            if self.width(&format!("{out}{c}…"), size) > width {
                break;
            }
            out.push(c);
        }
        out.push('…');
        out
    }
}

/// One thing drawn at a position on a page.
enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: (u8, u8, u8),
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: (u8, u8, u8),
    },
    Svg {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        tree: Box<usvg::Tree>,
    },
}

/// Pages of marks, filled top to bottom.
struct Layout {
    measure: Measure,
    svg_options: usvg::Options<'static>,
    pages: Vec<Vec<Mark>>,
    y: f32,
}

impl Layout {
    fn new() -> Result<Self> {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
            .unwrap_or_else(|| "Ubuntu".to_owned());
        let svg_options = usvg::Options {
            font_family: family,
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        Ok(Self {
            measure: Measure::new()?,
            svg_options,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    /// Makes room for `h` points, starting a new page when the current one is full.
    fn room(&mut self, h: f32) {
        if self.y + h > PAGE_H - MARGIN && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn mark(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    fn text(&mut self, text: &str, size: f32, colour: (u8, u8, u8), indent: f32) {
        let line_h = size * 1.4;
        for line in self.measure.wrap(text, size, CONTENT_W - indent) {
            self.room(line_h);
            let y = self.y + size;
            self.mark(Mark::Text {
                x: MARGIN + indent,
                y,
                size,
                colour,
                text: line,
            });
            self.y += line_h;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn heading(&mut self, title: &str, size: f32) {
        self.room(size * 3.0);
        self.gap(size * 0.6);
        self.text(title, size, INK, 0.0);
        self.mark(Mark::Rect {
            x: MARGIN,
            y: self.y,
            w: CONTENT_W,
            h: 0.7,
            colour: RULE,
        });
        self.gap(6.0);
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>], numeric: &[bool]) {
        let size = 7.5;
        let row_h = 12.0;
        // Column widths by their longest text, within the content width.
        let natural: Vec<f32> = (0..header.len())
            .map(|i| {
                std::iter::once(&header[i])
                    .chain(rows.iter().filter_map(|r| r.get(i)))
                    .map(|t| self.measure.width(t, size))
                    .fold(20.0, f32::max)
                    + 8.0
            })
            .collect();
        let total: f32 = natural.iter().sum();
        let scale = (CONTENT_W / total).min(1.0);
        let widths: Vec<f32> = natural.iter().map(|w| w * scale).collect();
        let draw_row = |layout: &mut Self, cells: &[String], shade: bool| {
            layout.room(row_h);
            if shade {
                layout.mark(Mark::Rect {
                    x: MARGIN,
                    y: layout.y,
                    w: CONTENT_W,
                    h: row_h,
                    colour: PANEL,
                });
            }
            let mut x = MARGIN;
            for (i, cell) in cells.iter().enumerate() {
                let w = widths.get(i).copied().unwrap_or(40.0);
                let text = layout.measure.fit(cell, size, w - 6.0);
                let tx = if numeric.get(i).copied().unwrap_or(false) {
                    x + w - 4.0 - layout.measure.width(&text, size)
                } else {
                    x + 3.0
                };
                layout.mark(Mark::Text {
                    x: tx,
                    y: layout.y + 8.8,
                    size,
                    colour: INK,
                    text,
                });
                x += w;
            }
            layout.y += row_h;
            layout.mark(Mark::Rect {
                x: MARGIN,
                y: layout.y,
                w: CONTENT_W,
                h: 0.4,
                colour: RULE,
            });
        };
        draw_row(self, header, true);
        for row in rows {
            draw_row(self, row, false);
        }
        self.gap(8.0);
    }

    fn figure(&mut self, svg: &str, caption: Option<&str>, width: f32) {
        // The chart's own classes get concrete colours.
        let styled = svg.replacen(
            "<title>",
            &format!("<style>{CHART_STYLE}</style><title>"),
            1,
        );
        let Ok(tree) = usvg::Tree::from_str(&styled, &self.svg_options) else {
            self.text("(a chart could not be drawn)", 8.0, MUTED, 0.0);
            return;
        };
        let size = tree.size();
        let h = width * size.height() / size.width();
        self.room(h + 4.0);
        self.mark(Mark::Svg {
            x: MARGIN + (CONTENT_W - width) / 2.0,
            y: self.y,
            w: width,
            h,
            tree: Box::new(tree),
        });
        self.y += h + 4.0;
        if let Some(c) = caption {
            self.text(c, 7.5, MUTED, 0.0);
        }
        self.gap(6.0);
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Section(_, title) => self.heading(title, 15.0),
            Block::Text(t) => {
                self.text(t, 10.0, INK, 0.0);
                self.gap(4.0);
            }
            Block::Muted(t) => {
                self.text(t, 8.5, MUTED, 0.0);
                self.gap(4.0);
            }
            Block::Cards(cards) => {
                let line = cards
                    .iter()
                    .map(|(l, v)| format!("{l}: {v}"))
                    .collect::<Vec<_>>()
                    .join("  ·  ");
                self.text(&line, 11.0, INK, 0.0);
                self.gap(4.0);
            }
            Block::Quote(t) => {
                let top = self.y;
                self.text(t, 9.5, MUTED, 10.0);
                self.mark(Mark::Rect {
                    x: MARGIN,
                    y: top,
                    w: 2.0,
                    h: (self.y - top).max(0.0),
                    colour: (0x09, 0x69, 0xda),
                });
                self.gap(4.0);
            }
            Block::Table(header, rows, numeric) => self.table(header, rows, numeric),
            Block::Figures(figures) => {
                let width = if figures.len() > 1 {
                    CONTENT_W * 0.8
                } else {
                    CONTENT_W
                };
                for f in figures {
                    self.figure(&f.svg, f.caption.as_deref(), width);
                }
            }
            Block::Markdown(md) => self.markdown(md),
            Block::Note(title, byline, body) => {
                self.room(40.0);
                self.text(title, 11.0, INK, 0.0);
                self.text(byline, 8.0, MUTED, 0.0);
                self.markdown(body);
                self.gap(6.0);
            }
        }
    }

    /// Markdown as headings, paragraphs, list items and tables.
    fn markdown(&mut self, md: &str) {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut text = String::new();
        let mut table: Option<(Vec<Vec<String>>, Vec<String>)> = None;
        let mut heading: Option<u8> = None;
        for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
                Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new())),
                Event::Start(Tag::Item) => text.push_str("• "),
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::TableCell) => {
                    if let Some((_, row)) = table.as_mut() {
                        row.push(std::mem::take(&mut text));
                    }
                }
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    if let Some((rows, row)) = table.as_mut() {
                        rows.push(std::mem::take(row));
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some((mut rows, _)) = table.take()
                        && !rows.is_empty()
                    {
                        let header = rows.remove(0);
                        let numeric = vec![false; header.len()];
                        self.table(&header, &rows, &numeric);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let size = if heading.take().unwrap_or(3) <= 1 {
                        14.0
                    } else {
                        11.5
                    };
                    let title = std::mem::take(&mut text);
                    self.room(size * 3.0);
                    self.gap(4.0);
                    self.text(&title, size, INK, 0.0);
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
                ) => {
                    let t = std::mem::take(&mut text);
                    if !t.trim().is_empty() && table.is_none() {
                        self.text(t.trim(), 9.5, INK, 0.0);
                        self.gap(3.0);
                    }
                }
                _ => {}
            }
        }
    }
}

fn colour((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: krilla::paint::FillRule::default(),
    }
}

fn draw(surface: &mut Surface<'_>, font: &Font, mark: &Mark) {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            colour: c,
            text,
        } => {
            surface.set_fill(Some(colour(*c)));
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Mark::Rect {
            x,
            y,
            w,
            h,
            colour: c,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) {
                let mut pb = PathBuilder::new();
                pb.push_rect(rect);
                if let Some(path) = pb.finish() {
                    surface.set_fill(Some(colour(*c)));
                    surface.draw_path(&path);
                }
            }
        }
        Mark::Svg { x, y, w, h, tree } => {
            if let Some(size) = Size::from_wh(*w, *h) {
                surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                let _ = surface.draw_svg(tree, size, SvgSettings::default());
                surface.pop();
            }
        }
    }
}

/// The report as a PDF document (A4 pages, numbered), with the same blocks as the HTML one.
pub fn report_pdf(
    bundle: &ModelBundle,
    profile: &[ProfileColumn],
    options: &ReportOptions,
) -> Result<Vec<u8>> {
    let c = &bundle.card;
    let mut layout = Layout::new()?;
    layout.text(&c.name, 22.0, INK, 0.0);
    layout.text(
        &format!("Model report · {} · made {}", c.task, c.created_at),
        9.0,
        MUTED,
        0.0,
    );
    for block in blocks(bundle, profile, options) {
        layout.block(&block);
    }
    layout.gap(12.0);
    layout.text(
        &format!(
            "Made with ModelDesk {} from model {}.",
            c.app_version, c.model_id
        ),
        8.0,
        MUTED,
        0.0,
    );

    let font = Font::new(FONT.into(), 0).ok_or_else(|| ReportError::Serialise {
        what: "the PDF font",
        reason: "the font could not be read".to_owned(),
    })?;
    let mut document = Document::new();
    let pages = layout.pages.len();
    for (i, marks) in layout.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| ReportError::Serialise {
                what: "a PDF page",
                reason: "bad page size".to_owned(),
            })?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for mark in marks {
            draw(&mut surface, &font, mark);
        }
        let footer = Mark::Text {
            x: MARGIN,
            y: PAGE_H - MARGIN / 2.0,
            size: 7.5,
            colour: MUTED,
            text: format!("{} — page {} of {pages}", c.name, i + 1),
        };
        draw(&mut surface, &font, &footer);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ReportError::Serialise {
        what: "the PDF",
        reason: format!("{e:?}"),
    })
}
