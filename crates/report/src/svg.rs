//! Inline SVG charts for the HTML report: line charts, horizontal bars, scatter plots, a
//! heat-map and a waterfall, with "nice" axis ticks. Written here rather than taken from a
//! plotting crate because the report must be byte-for-byte deterministic, need no font files
//! (text stays SVG `<text>`, drawn by whatever opens the file), and follow the page's light or
//! dark colours through CSS classes — a few hundred lines of plain SVG do all three.

use std::fmt::Write as _;

/// Chart width and height in CSS pixels (charts scale down with the page).
const W: f64 = 640.0;
const H: f64 = 300.0;
/// Space for axis labels.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 44.0;

/// The series colours (colour-blind safe), by CSS class `s0`…`s5`.
pub const SERIES: usize = 6;

/// Text escaped for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number for an SVG attribute (two decimals is sub-pixel).
fn n(v: f64) -> String {
    format!("{v:.2}")
}

/// A number as an axis label shows it.
fn label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "small"
        )]
        let d = (-step.log10()).ceil() as usize;
        d.min(6)
    };
    format!("{v:.decimals$}")
}

/// Ticks at 1, 2 or 5 × 10^k covering `lo..=hi` (about `count` of them).
pub fn ticks(lo: f64, hi: f64, count: usize) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (vec![lo], 1.0);
    }
    #[allow(clippy::cast_precision_loss, reason = "a handful of ticks")]
    let raw = (hi - lo) / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    let mut out = Vec::new();
    let mut t = first;
    while t <= hi + step * 1e-9 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    (out, step)
}

/// A linear map from data to pixels.
#[derive(Debug, Clone, Copy)]
struct Scale {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Scale {
    fn new(lo: f64, hi: f64, from: f64, to: f64) -> Self {
        let (lo, hi) = if hi > lo {
            (lo, hi)
        } else {
            (lo - 0.5, lo + 0.5)
        };
        Self { lo, hi, from, to }
    }

    fn at(self, v: f64) -> f64 {
        self.from + (v - self.lo) / (self.hi - self.lo) * (self.to - self.from)
    }
}

/// The range of `values`, padded by 4 % (never empty).
fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.04).max(1e-9);
    (lo - pad, hi + pad)
}

/// An SVG document with an accessible title.
fn open(out: &mut String, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-label="{t}"><title>{t}</title>"#,
        h = n(height),
        t = esc(title)
    );
}

/// Vertical grid lines with their labels at the `x` ticks.
fn x_ticks(out: &mut String, x: Scale, height: f64) {
    let (xt, xs) = ticks(x.lo, x.hi, 6);
    for t in &xt {
        let px = x.at(*t);
        let _ = write!(
            out,
            r#"<line class="gl" x1="{p}" x2="{p}" y1="{t0}" y2="{b}"/><text class="tick" x="{p}" y="{ty}" text-anchor="middle">{l}</text>"#,
            p = n(px),
            t0 = n(TOP),
            b = n(height - BOTTOM),
            ty = n(height - BOTTOM + 16.0),
            l = label(*t, xs)
        );
    }
}

/// Axes with ticks and labels for `x` and `y` — numeric, or `y_names[i]` at `y = −i`.
fn axes(
    out: &mut String,
    (x, y): (Scale, Scale),
    (x_label, y_label): (&str, &str),
    y_names: Option<&[&str]>,
    height: f64,
) {
    x_ticks(out, x, height);
    #[allow(clippy::cast_precision_loss, reason = "a few dozen names")]
    let (yt, ys) = match y_names {
        Some(names) => ((0..names.len()).map(|i| -(i as f64)).collect(), 1.0),
        None => ticks(y.lo, y.hi, 5),
    };
    for t in &yt {
        let py = y.at(*t);
        let _ = write!(
            out,
            r#"<line class="gl" x1="{l0}" x2="{r}" y1="{p}" y2="{p}"/><text class="tick" x="{tx}" y="{ty}" text-anchor="end">{l}</text>"#,
            l0 = n(x.from),
            r = n(W - RIGHT),
            p = n(py),
            tx = n(x.from - 6.0),
            ty = n(py + 4.0),
            l = match y_names {
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "−t is a small index"
                )]
                Some(names) => esc(names
                    .get((-t).round() as usize)
                    .copied()
                    .unwrap_or_default()),
                None => label(*t, ys),
            }
        );
    }
    axis_labels(out, x_label, y_label, height);
}

fn axis_labels(out: &mut String, x_label: &str, y_label: &str, height: f64) {
    let _ = write!(
        out,
        r#"<text class="axis" x="{cx}" y="{by}" text-anchor="middle">{xl}</text><text class="axis" transform="translate(14 {cy}) rotate(-90)" text-anchor="middle">{yl}</text>"#,
        cx = n(LEFT + (W - LEFT - RIGHT) / 2.0),
        by = n(height - 6.0),
        xl = esc(x_label),
        cy = n(TOP + (height - TOP - BOTTOM) / 2.0),
        yl = esc(y_label)
    );
}

/// A legend in the top-right corner.
fn legend(out: &mut String, names: &[&str]) {
    for (i, name) in names.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few series")]
        let y = TOP + 8.0 + 16.0 * i as f64;
        let _ = write!(
            out,
            r#"<rect class="s{c} fill" x="{x}" y="{ry}" width="10" height="10"/><text class="tick" x="{tx}" y="{ty}">{t}</text>"#,
            c = i % SERIES,
            x = n(W - RIGHT - 150.0),
            ry = n(y - 9.0),
            tx = n(W - RIGHT - 135.0),
            ty = n(y),
            t = esc(name)
        );
    }
}

/// Lines through `(x, y)` points, one per named series.
pub fn line_chart(
    title: &str,
    series: &[(&str, Vec<(f64, f64)>)],
    x_label: &str,
    y_label: &str,
) -> String {
    let mut out = String::new();
    open(&mut out, title, H);
    let all = || series.iter().flat_map(|(_, p)| p.iter());
    let (x0, x1) = extent(all().map(|p| p.0));
    let (y0, y1) = extent(all().map(|p| p.1));
    let x = Scale::new(x0, x1, LEFT, W - RIGHT);
    let y = Scale::new(y0, y1, H - BOTTOM, TOP);
    axes(&mut out, (x, y), (x_label, y_label), None, H);
    for (i, (_, points)) in series.iter().enumerate() {
        let d: Vec<String> = points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|p| format!("{},{}", n(x.at(p.0)), n(y.at(p.1))))
            .collect();
        if !d.is_empty() {
            let _ = write!(
                out,
                r#"<polyline class="s{} line" points="{}"/>"#,
                i % SERIES,
                d.join(" ")
            );
        }
    }
    if series.len() > 1 {
        legend(
            &mut out,
            &series.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        );
    }
    out.push_str("</svg>");
    out
}

/// Points `(x, y, class)` where the class picks the colour (`s0`…, or `lo`/`mid`/`hi`).
pub fn scatter(title: &str, points: &[(f64, f64, &str)], x_label: &str, y_label: &str) -> String {
    scatter_with(title, points, (x_label, y_label), None)
}

/// Points in rows: row `i` (points with `y` near `−i`) is labelled `names[i]`.
pub fn scatter_rows(
    title: &str,
    points: &[(f64, f64, &str)],
    names: &[&str],
    x_label: &str,
) -> String {
    scatter_with(title, points, (x_label, ""), Some(names))
}

fn scatter_with(
    title: &str,
    points: &[(f64, f64, &str)],
    labels: (&str, &str),
    names: Option<&[&str]>,
) -> String {
    let height = names.map_or(H, |n| rows_height(n.len()));
    let left = if names.is_some() { 200.0 } else { LEFT };
    let mut out = String::new();
    open(&mut out, title, height);
    let (x0, x1) = extent(points.iter().map(|p| p.0));
    let (y0, y1) = extent(points.iter().map(|p| p.1));
    let x = Scale::new(x0, x1, left, W - RIGHT);
    let y = Scale::new(y0, y1, height - BOTTOM, TOP);
    axes(&mut out, (x, y), labels, names, height);
    for (px, py, class) in points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
        let _ = write!(
            out,
            r#"<circle class="{class} fill" cx="{}" cy="{}" r="2.6"/>"#,
            n(x.at(*px)),
            n(y.at(*py))
        );
    }
    out.push_str("</svg>");
    out
}

/// Height of a chart with one row per name.
fn rows_height(rows: usize) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "a few dozen rows")]
    let h = TOP + BOTTOM + 22.0 * rows as f64;
    h.max(120.0)
}

/// Horizontal segments `(name, from, to, class)`, one row each, names down the left.
fn segments(title: &str, rows: &[(String, f64, f64, String)], x_label: &str, left: f64) -> String {
    let height = rows_height(rows.len());
    let mut out = String::new();
    open(&mut out, title, height);
    let (x0, x1) = extent(rows.iter().flat_map(|r| [r.1, r.2]));
    let x = Scale::new(x0, x1, left, W - RIGHT);
    x_ticks(&mut out, x, height);
    for (i, (name, from, to, class)) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few dozen rows")]
        let y = TOP + 22.0 * i as f64;
        let (a, b) = (x.at(from.min(*to)), x.at(from.max(*to)));
        let _ = write!(
            out,
            r#"<text class="tick" x="{tx}" y="{ty}" text-anchor="end">{t}</text><rect class="{class} fill" x="{x}" y="{ry}" width="{w}" height="14"/>"#,
            tx = n(left - 6.0),
            ty = n(y + 15.0),
            t = esc(name),
            x = n(a),
            ry = n(y + 4.0),
            w = n((b - a).max(0.5))
        );
    }
    axis_labels(&mut out, x_label, "", height);
    out.push_str("</svg>");
    out
}

/// Bars from zero, largest first as given.
pub fn hbar_chart(title: &str, bars: &[(String, f64)], x_label: &str) -> String {
    let rows: Vec<(String, f64, f64, String)> = bars
        .iter()
        .map(|(name, v)| (name.clone(), 0.0, *v, "s0".to_owned()))
        .collect();
    segments(title, &rows, x_label, 200.0)
}

/// A waterfall from `base`: each `(name, contribution)` starts where the previous ended
/// (positive red, negative blue); the caption gives base and final value.
pub fn waterfall(title: &str, contributions: &[(String, f64)], base: f64, x_label: &str) -> String {
    let mut at = base;
    let rows: Vec<(String, f64, f64, String)> = contributions
        .iter()
        .map(|(name, v)| {
            let row = (
                format!("{name} ({v:+.3})"),
                at,
                at + v,
                if *v >= 0.0 { "hi" } else { "lo" }.to_owned(),
            );
            at += v;
            row
        })
        .collect();
    segments(title, &rows, x_label, 240.0)
}

/// A grid of counts (`counts[row][column]`), darker for larger, with the counts written in.
pub fn heatmap(
    title: &str,
    rows: &[String],
    columns: &[String],
    counts: &[Vec<u64>],
    x_label: &str,
    y_label: &str,
) -> String {
    let cell = 48.0;
    #[allow(clippy::cast_precision_loss, reason = "a few classes")]
    let (cols, nrows) = (columns.len() as f64, rows.len() as f64);
    let height = TOP + BOTTOM + cell * nrows;
    let max = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
    let mut out = String::new();
    open(&mut out, title, height);
    let left = LEFT + 60.0;
    for (i, name) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few classes")]
        let y = TOP + cell * i as f64;
        let _ = write!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            n(left - 6.0),
            n(y + cell / 2.0 + 4.0),
            esc(name)
        );
        for (j, count) in counts
            .get(i)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .enumerate()
        {
            #[allow(clippy::cast_precision_loss, reason = "counts and classes are small")]
            let (x, strength) = (left + cell * j as f64, *count as f64 / max as f64);
            let _ = write!(
                out,
                r#"<rect class="heat" x="{x}" y="{y}" width="{c}" height="{c}" fill-opacity="{o}"/><text class="count" x="{tx}" y="{ty}" text-anchor="middle">{count}</text>"#,
                x = n(x),
                y = n(y),
                c = n(cell - 2.0),
                o = n(0.08 + 0.85 * strength),
                tx = n(x + cell / 2.0 - 1.0),
                ty = n(y + cell / 2.0 + 4.0)
            );
        }
    }
    for (j, name) in columns.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few classes")]
        let x = left + cell * j as f64 + cell / 2.0;
        let _ = write!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            n(x),
            n(TOP + cell * nrows + 16.0),
            esc(name)
        );
    }
    let _ = write!(
        out,
        r#"<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text><text class="axis" x="14" y="{}">{}</text>"#,
        n(left + cell * cols / 2.0),
        n(height - 6.0),
        esc(x_label),
        n(TOP + 10.0),
        esc(y_label)
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let labels =
            |(t, step): (Vec<f64>, f64)| t.iter().map(|v| label(*v, step)).collect::<Vec<_>>();
        assert_eq!(
            labels(ticks(0.0, 1.0, 5)),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
        assert_eq!(labels(ticks(-3.2, 17.9, 5)), ["0", "5", "10", "15"]);
        assert_eq!(
            labels(ticks(0.0, 0.03, 3)),
            ["0.00", "0.01", "0.02", "0.03"]
        );
    }

    #[test]
    fn text_is_escaped() {
        let svg = hbar_chart("a<b", &[("x & y".into(), 1.0)], "v");
        assert!(svg.contains("a&lt;b") && svg.contains("x &amp; y"));
        assert!(!svg.contains("x & y"));
    }
}
