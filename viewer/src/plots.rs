//! The viewer's charts (egui_plot): SHAP importance bars, the beeswarm, one row's waterfall,
//! and the training curve. The numbers are the bundle's: the same the app showed.

use eframe::egui::{self, Color32};
use egui_plot::{Bar, BarChart, GridMark, Line, Plot, PlotPoints, Points};

use modeldesk_app::{CurvePoint, Importance, ShapSample};

/// Feature names on the y axis at integer positions (top row first when `rows` counts down).
fn name_axis(names: &[String]) -> impl Fn(GridMark, &std::ops::RangeInclusive<f64>) -> String + '_ {
    move |mark, _| {
        let i = mark.value.round();
        if (mark.value - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "checked ≥ 0"
        )]
        names.get(i as usize).cloned().unwrap_or_default()
    }
}

/// A plot with feature names down the y axis, top to bottom in `names` order.
fn feature_plot<'a>(id: &str, names: &'a [String]) -> Plot<'a> {
    #[allow(clippy::cast_precision_loss, reason = "a few dozen names")]
    let height = (names.len() as f32 * 24.0).clamp(120.0, 600.0);
    Plot::new(id.to_owned())
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid([true, false])
        .y_grid_spacer(move |_| {
            (0..names.len())
                .map(|i| GridMark {
                    #[allow(clippy::cast_precision_loss, reason = "a few dozen names")]
                    value: i as f64,
                    // Claimed wider than 1 so every name is painted at full strength (the
                    // axis fades labels it thinks are close; these never overlap).
                    step_size: 4.0,
                })
                .collect()
        })
        .y_axis_formatter(name_axis(names))
}

/// Names reversed so the first lands on top (egui_plot's y grows upwards).
fn top_down(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = names.collect();
    v.reverse();
    v
}

/// Mean |SHAP| per column as horizontal bars, largest on top.
pub fn importance_bars(ui: &mut egui::Ui, importance: &[Importance]) {
    let names = top_down(importance.iter().map(|f| f.feature.clone()));
    let n = importance.len();
    let bars: Vec<Bar> = importance
        .iter()
        .enumerate()
        .map(|(i, f)| {
            #[allow(clippy::cast_precision_loss, reason = "a few dozen columns")]
            Bar::new((n - 1 - i) as f64, f.mean_abs_shap)
                .name(&f.feature)
                .width(0.7)
        })
        .collect();
    feature_plot("shap-importance", &names)
        .x_axis_label("mean |SHAP value|")
        .show(ui, |p| {
            p.bar_chart(
                BarChart::new("mean |SHAP|", bars)
                    .horizontal()
                    .color(Color32::from_rgb(0x1e, 0x88, 0xe5)),
            );
        });
}

/// Blue (low) to red (high), as shap's summary plot colours feature values.
fn value_colour(t: f64) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "0..=255"
        )]
        let v = (a + (b - a) * t).round() as u8;
        v
    };
    Color32::from_rgb(lerp(30.0, 255.0), lerp(136.0, 0.0), lerp(229.0, 82.0))
}

/// Colour buckets of the beeswarm (one point series each: egui_plot colours per series).
const BUCKETS: usize = 8;

/// Every sample row's SHAP value per column for output `output` (of `outputs`), coloured by
/// the column's value from low (blue) to high (red); columns in `importance` order, most
/// important on top.
pub fn beeswarm(
    ui: &mut egui::Ui,
    importance: &[Importance],
    columns: &[String],
    (output, outputs): (usize, usize),
    sample: &ShapSample,
) {
    let names = top_down(importance.iter().map(|f| f.feature.clone()));
    let width = columns.len();
    let mut buckets: Vec<Vec<[f64; 2]>> = vec![Vec::new(); BUCKETS + 1];
    for (rank, feature) in importance.iter().enumerate() {
        let Some(column) = columns.iter().position(|name| *name == feature.feature) else {
            continue;
        };
        let values: Vec<Option<f64>> = (0..sample.rows)
            .map(|r| {
                sample
                    .feature_values
                    .get(r * width + column)
                    .copied()
                    .flatten()
            })
            .collect();
        let range = values
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(*v), b.max(*v))
            });
        #[allow(clippy::cast_precision_loss, reason = "a few dozen columns")]
        let y = (importance.len() - 1 - rank) as f64;
        for (row, value) in values.iter().enumerate() {
            let phi = sample
                .values
                .get((row * outputs + output) * width + column)
                .copied()
                .unwrap_or(0.0);
            buckets[bucket_of(*value, range)].push([phi, y + jitter(row)]);
        }
    }
    feature_plot("shap-beeswarm", &names)
        .x_axis_label("SHAP value (impact on the model output)")
        .show(ui, |p| {
            for (b, points) in buckets.into_iter().enumerate() {
                let colour = if b == BUCKETS {
                    Color32::GRAY
                } else {
                    value_colour(bucket_share(b))
                };
                p.points(
                    Points::new(format!("values {b}"), PlotPoints::from(points))
                        .radius(2.5)
                        .color(colour),
                );
            }
        });
}

/// A small deterministic vertical offset that spreads equal values.
fn jitter(row: usize) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "below 101")]
    let k = ((row * 7919) % 101) as f64;
    k / 101.0 * 0.5 - 0.25
}

/// The highest colour bucket's index, as a number.
#[allow(clippy::cast_precision_loss, reason = "a small constant")]
const TOP_BUCKET: f64 = (BUCKETS - 1) as f64;

/// Where bucket `b` sits between the lowest (0) and highest (1) value.
fn bucket_share(b: usize) -> f64 {
    #[allow(clippy::cast_precision_loss, reason = "below BUCKETS")]
    let b = b as f64;
    b / TOP_BUCKET
}

/// The colour bucket of a value within `(lo, hi)`; missing values get the grey one.
fn bucket_of(value: Option<f64>, (lo, hi): (f64, f64)) -> usize {
    match value {
        Some(v) if hi > lo => {
            let share = (v - lo) / (hi - lo);
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "0..=BUCKETS-1"
            )]
            let b = (share * TOP_BUCKET).round() as usize;
            b.min(BUCKETS - 1)
        }
        Some(_) => BUCKETS / 2,
        None => BUCKETS,
    }
}

/// One row's waterfall: from the base value, each column's contribution as a bar starting
/// where the previous ended, largest |value| on top; the end is the row's output.
pub fn waterfall(ui: &mut egui::Ui, id: &str, columns: &[String], values: &[f64], base: f64) {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by(|a, b| values[*b].abs().total_cmp(&values[*a].abs()));
    let names = top_down(
        order
            .iter()
            .map(|c| format!("{} ({:+.3})", columns[*c], values[*c])),
    );
    let n = order.len();
    let mut at = base;
    let bars: Vec<Bar> = order
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = values[*c];
            let bar = Bar::new(
                #[allow(clippy::cast_precision_loss, reason = "a few dozen columns")]
                {
                    (n - 1 - i) as f64
                },
                v,
            )
            .base_offset(at)
            .width(0.7)
            .name(&columns[*c])
            .fill(if v >= 0.0 {
                Color32::from_rgb(0xff, 0x00, 0x52)
            } else {
                Color32::from_rgb(0x1e, 0x88, 0xe5)
            });
            at += v;
            bar
        })
        .collect();
    ui.label(format!("base {base:.4}, output {at:.4}"));
    feature_plot(id, &names).show(ui, |p| {
        p.bar_chart(BarChart::new("contribution", bars).horizontal());
    });
}

/// Training and validation loss per iteration.
pub fn curve(ui: &mut egui::Ui, curve: &[CurvePoint]) {
    #[allow(clippy::cast_precision_loss, reason = "iteration counts are small")]
    let train: PlotPoints<'_> = curve
        .iter()
        .map(|p| [p.iteration as f64, p.train_loss])
        .collect();
    #[allow(clippy::cast_precision_loss, reason = "iteration counts are small")]
    let valid: PlotPoints<'_> = curve
        .iter()
        .filter_map(|p| p.valid_loss.map(|v| [p.iteration as f64, v]))
        .collect();
    Plot::new("training-curve")
        .height(200.0)
        .x_axis_label("iteration")
        .legend(egui_plot::Legend::default())
        .show(ui, |p| {
            p.line(Line::new("train loss", train));
            p.line(Line::new("validation loss", valid));
        });
}
