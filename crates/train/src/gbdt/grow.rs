//! Leaf-wise growth of one tree (LightGBM's strategy): always split the leaf with the largest
//! gain, build the smaller child's histogram and get the larger one by subtraction.

use std::cell::Cell;
use std::time::{Duration, Instant};

use super::GbdtParams;
use super::bins::BinMapper;
use super::hist::{self, Candidate, Histogram, Rule, Stats};
use super::tree::{Node, Split, Tree};

/// The training set as the grower sees it.
pub(crate) struct Grower<'a> {
    /// `bins[f][row]`.
    pub bins: &'a [Vec<u8>],
    /// Bin mappers (thresholds).
    pub mappers: &'a [BinMapper],
    /// Histogram layout.
    pub offsets: Vec<usize>,
    /// Parameters.
    pub params: &'a GbdtParams,
    /// Where the time goes.
    pub profile: &'a Profile,
}

/// Time spent per stage of training (reported in the log; the benchmark prints it).
#[derive(Debug, Default)]
pub(crate) struct Profile {
    /// Choosing bins and binning the rows.
    pub binning: Cell<Duration>,
    /// Gradients and hessians.
    pub gradients: Cell<Duration>,
    /// Building histograms (including gathering ordered gradients).
    pub histograms: Cell<Duration>,
    /// Finding the best split of each leaf.
    pub splits: Cell<Duration>,
    /// Partitioning rows between children.
    pub partition: Cell<Duration>,
    /// Updating training and validation scores, losses and metrics.
    pub scores: Cell<Duration>,
}

impl Profile {
    /// Runs `f`, adding its time to `slot`.
    pub fn time<T>(slot: &Cell<Duration>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        slot.set(slot.get() + start.elapsed());
        out
    }

    /// Milliseconds per stage.
    pub fn millis(&self) -> [(&'static str, u128); 6] {
        [
            ("binning", self.binning.get().as_millis()),
            ("gradients", self.gradients.get().as_millis()),
            ("histograms", self.histograms.get().as_millis()),
            ("splits", self.splits.get().as_millis()),
            ("partition", self.partition.get().as_millis()),
            ("scores", self.scores.get().as_millis()),
        ]
    }
}

/// A leaf during growth: its rows are `rows[begin..end]`.
struct Leaf {
    node: usize,
    begin: usize,
    end: usize,
    depth: usize,
    stats: Stats,
    hist: Option<Histogram>,
    best: Option<Candidate>,
}

/// A grown tree and, per leaf, its node and row range (to update scores without traversal).
pub(crate) struct Grown {
    pub tree: Tree,
    pub leaves: Vec<(usize, usize, usize)>,
}

impl Grower<'_> {
    fn gather(rows: &[u32], v: &[f32]) -> Vec<f32> {
        rows.iter().map(|r| v[*r as usize]).collect()
    }

    fn histogram(&self, rows: &[u32], g: &[f32], h: &[f32], used: &[bool]) -> Histogram {
        Profile::time(&self.profile.histograms, || {
            if rows.len() == g.len() {
                return hist::build(self.bins, &self.offsets, used, rows, g, h);
            }
            let og = Self::gather(rows, g);
            let oh = Self::gather(rows, h);
            hist::build(self.bins, &self.offsets, used, rows, &og, &oh)
        })
    }

    fn can_split(&self, leaf: &Leaf) -> bool {
        let p = self.params;
        (p.max_depth == 0 || leaf.depth < p.max_depth)
            && leaf.stats.n as usize >= 2 * p.min_data_in_leaf.max(1)
    }

    fn find(&self, leaf: &mut Leaf, used: &[bool]) {
        leaf.best = if self.can_split(leaf) {
            Profile::time(&self.profile.splits, || {
                leaf.hist.as_ref().and_then(|hist| {
                    hist::best_split(
                        hist,
                        &self.offsets,
                        self.mappers,
                        used,
                        leaf.stats,
                        self.params,
                    )
                })
            })
        } else {
            None
        };
        if leaf.best.is_none() {
            leaf.hist = None;
        }
    }

    /// Grows a tree on `rows` (reordered in place: each leaf's rows end up contiguous).
    #[allow(
        clippy::too_many_lines,
        reason = "the leaf-wise loop reads best in one piece"
    )]
    pub(crate) fn grow(&self, rows: &mut [u32], g: &[f32], h: &[f32], used: &[bool]) -> Grown {
        let p = self.params;
        let mut stats = Stats::default();
        for r in rows.iter() {
            stats.g += f64::from(g[*r as usize]);
            stats.h += f64::from(h[*r as usize]);
        }
        stats.n = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let mut nodes = vec![Node::Leaf {
            value: 0.0,
            cover: stats.h,
            count: stats.n,
        }];
        let mut root = Leaf {
            node: 0,
            begin: 0,
            end: rows.len(),
            depth: 0,
            stats,
            hist: Some(self.histogram(rows, g, h, used)),
            best: None,
        };
        self.find(&mut root, used);
        let mut leaves = vec![root];
        let mut scratch: Vec<u32> = Vec::new();
        while leaves.len() < p.num_leaves {
            let Some(pick) = leaves
                .iter()
                .enumerate()
                .filter_map(|(i, l)| l.best.as_ref().map(|b| (i, b.gain)))
                .reduce(|a, b| if b.1 > a.1 { b } else { a })
                .map(|(i, _)| i)
            else {
                break;
            };
            let mut parent = leaves.swap_remove(pick);
            let Some(best) = parent.best.take() else {
                break;
            };
            let split_at = Profile::time(&self.profile.partition, || {
                self.partition(&mut rows[parent.begin..parent.end], &best, &mut scratch)
            });
            let left_node = nodes.len();
            nodes.push(Node::Leaf {
                value: 0.0,
                cover: best.left.h,
                count: best.left.n,
            });
            nodes.push(Node::Leaf {
                value: 0.0,
                cover: best.right.h,
                count: best.right.n,
            });
            let m = &self.mappers[best.feature];
            let split = match &best.rule {
                Rule::Bins(b) => Split::Threshold {
                    threshold: m.threshold(usize::from(*b)),
                    bin: *b,
                },
                Rule::Set(set) => Split::Categories {
                    categories: set.iter().map(|b| u32::from(*b)).collect(),
                },
            };
            #[allow(
                clippy::cast_possible_truncation,
                reason = "feature and node counts fit u32"
            )]
            {
                nodes[parent.node] = Node::Split {
                    feature: best.feature as u32,
                    split,
                    default_left: best.default_left,
                    left: left_node as u32,
                    right: left_node as u32 + 1,
                    gain: best.gain,
                    cover: parent.stats.h,
                    count: parent.stats.n,
                };
            }
            let mid = parent.begin + split_at;
            let mut left = Leaf {
                node: left_node,
                begin: parent.begin,
                end: mid,
                depth: parent.depth + 1,
                stats: best.left,
                hist: None,
                best: None,
            };
            let mut right = Leaf {
                node: left_node + 1,
                begin: mid,
                end: parent.end,
                depth: parent.depth + 1,
                stats: best.right,
                hist: None,
                best: None,
            };
            let want_left = self.can_split(&left);
            let want_right = self.can_split(&right);
            if want_left || want_right {
                let mut parent_hist = parent.hist.take().unwrap_or_default();
                let (small, large) = if left.stats.n <= right.stats.n {
                    (&mut left, &mut right)
                } else {
                    (&mut right, &mut left)
                };
                let small_hist = self.histogram(&rows[small.begin..small.end], g, h, used);
                hist::subtract(&mut parent_hist, &small_hist);
                small.hist = Some(small_hist);
                large.hist = Some(parent_hist);
                self.find(&mut left, used);
                self.find(&mut right, used);
            }
            leaves.push(left);
            leaves.push(right);
        }
        let mut out = Vec::with_capacity(leaves.len());
        for leaf in &leaves {
            let value = hist::leaf_value(leaf.stats, p) * p.learning_rate;
            nodes[leaf.node] = Node::Leaf {
                value,
                cover: leaf.stats.h,
                count: leaf.stats.n,
            };
            out.push((leaf.node, leaf.begin, leaf.end));
        }
        Grown {
            tree: Tree { nodes },
            leaves: out,
        }
    }

    /// Stable partition of `rows` by the split: left rows first; returns the left count.
    fn partition(&self, rows: &mut [u32], best: &Candidate, scratch: &mut Vec<u32>) -> usize {
        let col = &self.bins[best.feature];
        #[allow(clippy::cast_possible_truncation, reason = "bins < 256")]
        let missing = self.mappers[best.feature].missing_bin() as u8;
        let mut in_set = [false; 256];
        if let Rule::Set(set) = &best.rule {
            for b in set {
                in_set[usize::from(*b)] = true;
            }
        }
        let goes_left = |b: u8| {
            if b == missing {
                best.default_left
            } else {
                match &best.rule {
                    Rule::Bins(t) => b <= *t,
                    Rule::Set(_) => in_set[usize::from(b)],
                }
            }
        };
        scratch.clear();
        let mut n_left = 0;
        for i in 0..rows.len() {
            let r = rows[i];
            if goes_left(col[r as usize]) {
                rows[n_left] = r;
                n_left += 1;
            } else {
                scratch.push(r);
            }
        }
        rows[n_left..].copy_from_slice(scratch);
        n_left
    }
}
