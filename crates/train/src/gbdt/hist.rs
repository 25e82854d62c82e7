//! Gradient/hessian histograms per leaf and the best split each one offers.

use rayon::prelude::*;

use super::GbdtParams;
use super::bins::BinMapper;

/// Sums over a set of rows: gradients, hessians, count.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Stats {
    /// Σ gradient.
    pub g: f64,
    /// Σ hessian.
    pub h: f64,
    /// Rows.
    pub n: u32,
}

impl Stats {
    fn add(&mut self, o: Stats) {
        self.g += o.g;
        self.h += o.h;
        self.n += o.n;
    }

    fn sub(self, o: Stats) -> Stats {
        Stats {
            g: self.g - o.g,
            h: self.h - o.h,
            n: self.n - o.n,
        }
    }
}

/// Histograms of every feature, laid out flat (`offsets[f]..offsets[f+1]`; a feature's last
/// bin is its missing bin).
pub(crate) type Histogram = Vec<Stats>;

/// Where each feature's bins start in a [`Histogram`] (plus the total at the end).
pub(crate) fn offsets(mappers: &[BinMapper]) -> Vec<usize> {
    let mut out = Vec::with_capacity(mappers.len() + 1);
    let mut at = 0;
    for m in mappers {
        out.push(at);
        at += m.n_bins + 1;
    }
    out.push(at);
    out
}

/// Builds the histograms of `rows` for the features in `used` (others stay zero).
/// `og`/`oh` are the gradients already gathered in `rows` order ("ordered gradients"), or,
/// when `rows` holds every row, the gradients in row order.
pub(crate) fn build(
    bins: &[Vec<u8>],
    offsets: &[usize],
    used: &[bool],
    rows: &[u32],
    og: &[f32],
    oh: &[f32],
) -> Histogram {
    let mut hist = vec![Stats::default(); offsets[offsets.len() - 1]];
    let mut parts: Vec<&mut [Stats]> = Vec::with_capacity(bins.len());
    let mut rest: &mut [Stats] = &mut hist;
    for w in offsets.windows(2) {
        let (head, tail) = rest.split_at_mut(w[1] - w[0]);
        parts.push(head);
        rest = tail;
    }
    parts
        .into_par_iter()
        .enumerate()
        .filter(|(f, _)| used[*f])
        .for_each(|(f, out)| {
            let col = &bins[f];
            // Accumulate into fixed 256-entry arrays indexed by the u8 bin (no bounds checks),
            // in f64 (gradients are f32): 1M-row sums stay exact enough.
            let mut gh = [[0f64; 2]; 256];
            let mut count = [0u32; 256];
            let mut add = |b: u8, g: f32, h: f32| {
                let e = &mut gh[usize::from(b)];
                e[0] += f64::from(g);
                e[1] += f64::from(h);
                count[usize::from(b)] += 1;
            };
            if rows.len() == col.len() {
                // Every row (the root): sum in row order, no gather.
                for ((b, g), h) in col.iter().zip(og).zip(oh) {
                    add(*b, *g, *h);
                }
            } else {
                for ((r, g), h) in rows.iter().zip(og).zip(oh) {
                    add(col[*r as usize], *g, *h);
                }
            }
            for ((s, e), n) in out.iter_mut().zip(&gh).zip(&count) {
                *s = Stats {
                    g: e[0],
                    h: e[1],
                    n: *n,
                };
            }
        });
    hist
}

/// `parent - child`, in place in `parent` (the subtraction trick).
pub(crate) fn subtract(parent: &mut Histogram, child: &Histogram) {
    for (p, c) in parent.iter_mut().zip(child) {
        *p = p.sub(*c);
    }
}

/// L1 soft-thresholding of a gradient sum.
fn threshold_l1(g: f64, l1: f64) -> f64 {
    if g > l1 {
        g - l1
    } else if g < -l1 {
        g + l1
    } else {
        0.0
    }
}

/// The structure score `T(G)² / (H + λ₂)` of a leaf.
fn score(s: Stats, p: &GbdtParams, extra_l2: f64) -> f64 {
    let g = threshold_l1(s.g, p.lambda_l1);
    g * g / (s.h + p.lambda_l2 + extra_l2)
}

/// The optimal raw leaf value `-T(G) / (H + λ₂)`.
pub(crate) fn leaf_value(s: Stats, p: &GbdtParams) -> f64 {
    -threshold_l1(s.g, p.lambda_l1) / (s.h + p.lambda_l2)
}

/// How a split sends rows left.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    /// Value bins `≤ bin` go left.
    Bins(u8),
    /// Categories (bins) in the set go left.
    Set(Vec<u8>),
}

/// The best split found for a leaf.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Gain over not splitting.
    pub gain: f64,
    /// The feature.
    pub feature: usize,
    /// The rule.
    pub rule: Rule,
    /// Whether missing values go left.
    pub default_left: bool,
    /// Rows going left.
    pub left: Stats,
    /// Rows going right.
    pub right: Stats,
}

fn admissible(s: Stats, p: &GbdtParams) -> bool {
    s.n as usize >= p.min_data_in_leaf && s.h >= p.min_sum_hessian_in_leaf
}

/// The best split of a leaf with totals `total`, over the features in `used`.
pub(crate) fn best_split(
    hist: &Histogram,
    offsets: &[usize],
    mappers: &[BinMapper],
    used: &[bool],
    total: Stats,
    p: &GbdtParams,
) -> Option<Candidate> {
    let parent = score(total, p, 0.0);
    mappers
        .par_iter()
        .enumerate()
        .filter(|(f, m)| used[*f] && m.n_bins >= 1)
        .filter_map(|(f, m)| {
            let h = &hist[offsets[f]..offsets[f + 1]];
            let leaf = Leaf {
                feature: f,
                total,
                missing: h[m.missing_bin()],
                parent,
                p,
            };
            if m.categorical {
                best_categorical(&leaf, h, m)
            } else {
                best_numeric(&leaf, h, m)
            }
        })
        // Ties go to the lower feature index so that results never depend on thread timing.
        .reduce_with(|a, b| {
            if b.gain > a.gain || (b.gain == a.gain && b.feature < a.feature) {
                b
            } else {
                a
            }
        })
}

/// What every split candidate of one leaf and feature shares.
struct Leaf<'a> {
    feature: usize,
    total: Stats,
    missing: Stats,
    parent: f64,
    p: &'a GbdtParams,
}

impl Leaf<'_> {
    /// Tries sending `side` left, with missing values right and left; keeps the candidate in
    /// `best` if it beats it. `rule` describes `side`. (Categorical sets; numeric thresholds
    /// have their own tight loop.)
    fn try_split(
        &self,
        best: &mut Option<Candidate>,
        side: Stats,
        extra_l2: f64,
        rule: impl Fn() -> Rule,
    ) {
        let both = true;
        let p = self.p;
        let directions: &[bool] = if self.missing.n > 0 && both {
            &[false, true]
        } else {
            &[false]
        };
        for &default_left in directions {
            let mut left = side;
            if default_left {
                left.add(self.missing);
            }
            let right = self.total.sub(left);
            if !admissible(left, p) || !admissible(right, p) {
                continue;
            }
            let gain = score(left, p, extra_l2) + score(right, p, extra_l2) - self.parent;
            if gain > p.min_gain_to_split && best.as_ref().is_none_or(|b| gain > b.gain) {
                // Without missing values in training, send future ones to the bigger side.
                let default_left = if self.missing.n == 0 {
                    left.h >= right.h
                } else {
                    default_left
                };
                *best = Some(Candidate {
                    gain,
                    feature: self.feature,
                    rule: rule(),
                    default_left,
                    left,
                    right,
                });
            }
        }
    }
}

fn best_numeric(leaf: &Leaf<'_>, h: &[Stats], m: &BinMapper) -> Option<Candidate> {
    // The hot loop of split finding: scores every threshold in both missing directions with
    // plain arithmetic and builds the candidate once, for the winner (ties: first wins).
    let p = leaf.p;
    let (total, missing) = (leaf.total, leaf.missing);
    let min = u32::try_from(p.min_data_in_leaf).unwrap_or(u32::MAX);
    let ok = |s: Stats| s.n >= min && s.h >= p.min_sum_hessian_in_leaf;
    let mut best_gain = f64::NEG_INFINITY;
    let mut best_at: Option<(usize, bool)> = None;
    let mut acc = Stats::default();
    // Threshold after bin t: value bins 0..=t go left. t = n_bins-1 separates missing only.
    for (t, bin) in h[..m.n_bins].iter().enumerate() {
        let last = t + 1 == m.n_bins;
        // An empty bin gives the same partition as the threshold before it.
        if bin.n == 0 && !last {
            continue;
        }
        acc.add(*bin);
        if acc.n + missing.n < min {
            continue;
        }
        if total.n - acc.n < min {
            break;
        }
        let right = total.sub(acc);
        if ok(acc) && ok(right) {
            let gain = score(acc, p, 0.0) + score(right, p, 0.0);
            if gain > best_gain {
                best_gain = gain;
                best_at = Some((t, false));
            }
        }
        if missing.n > 0 && !last {
            let mut left = acc;
            left.add(missing);
            let right = total.sub(left);
            if ok(left) && ok(right) {
                let gain = score(left, p, 0.0) + score(right, p, 0.0);
                if gain > best_gain {
                    best_gain = gain;
                    best_at = Some((t, true));
                }
            }
        }
    }
    let (t, default_left) = best_at?;
    let gain = best_gain - leaf.parent;
    if gain <= p.min_gain_to_split {
        return None;
    }
    let mut left = h[..=t].iter().fold(Stats::default(), |mut a, s| {
        a.add(*s);
        a
    });
    if default_left {
        left.add(missing);
    }
    let right = total.sub(left);
    // Without missing values in training, send future ones to the bigger side.
    let default_left = if missing.n == 0 {
        left.h >= right.h
    } else {
        default_left
    };
    #[allow(clippy::cast_possible_truncation, reason = "bins < 255")]
    Some(Candidate {
        gain,
        feature: leaf.feature,
        rule: Rule::Bins(t as u8),
        default_left,
        left,
        right,
    })
}

fn best_categorical(leaf: &Leaf<'_>, h: &[Stats], m: &BinMapper) -> Option<Candidate> {
    let p = leaf.p;
    let mut best = None;
    let try_set = |set: &[usize], extra_l2: f64, best: &mut Option<Candidate>| {
        let mut inset = Stats::default();
        for b in set {
            inset.add(h[*b]);
        }
        leaf.try_split(best, inset, extra_l2, || {
            #[allow(clippy::cast_possible_truncation, reason = "bins < 255")]
            let mut bins: Vec<u8> = set.iter().map(|b| *b as u8).collect();
            bins.sort_unstable();
            Rule::Set(bins)
        });
    };
    let present: Vec<usize> = (0..m.n_bins).filter(|b| h[*b].n > 0).collect();
    if present.len() <= p.max_cat_to_onehot {
        for b in &present {
            try_set(&[*b], 0.0, &mut best);
        }
        return best;
    }
    // LightGBM's many-vs-many search: order categories by smoothed mean gradient, try the
    // prefixes from either end (at most `max_cat_threshold` categories on the set side).
    let mut sorted: Vec<usize> = present
        .into_iter()
        .filter(|b| h[*b].n as usize >= p.min_data_per_group)
        .collect();
    sorted.sort_by(|a, b| {
        let ka = h[*a].g / (h[*a].h + p.cat_smooth);
        let kb = h[*b].g / (h[*b].h + p.cat_smooth);
        ka.total_cmp(&kb).then(a.cmp(b))
    });
    let limit = p.max_cat_threshold.min(sorted.len().saturating_sub(1));
    for k in 1..=limit {
        try_set(&sorted[..k], p.cat_l2, &mut best);
        try_set(&sorted[sorted.len() - k..], p.cat_l2, &mut best);
    }
    best
}
