//! Split invariants: disjoint and covering, proportions, stratification within one row per
//! class, group integrity, time order, folds, reproducible from the seed.

use std::collections::HashMap;

use modeldesk_data::{SplitSpec, SplitStrategy, TEST, TRAIN, VALIDATION, plan_split};
use proptest::prelude::*;

/// A snapshot with `n` rows: class (uneven sizes), group, day.
fn snapshot(
    n: usize,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Vec<(String, String, usize)>,
) {
    let mut text = String::from("class,group,day,x\n");
    let mut rows = Vec::new();
    for i in 0..n {
        let class = ["a", "a", "a", "b", "b", "c"][i % 6].to_owned();
        let group = format!("g{}", (i * 31) % (n / 4 + 1));
        let day = (i * 7) % 365;
        text.push_str(&format!("{class},{group},2024-01-01T00:00:00Z,{i}\n"));
        rows.push((class, group, day));
    }
    // Put real, distinct days in (the literal above keeps the sniffed type datetime).
    let text: String = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{line}\n")
            } else {
                let day = rows[i - 1].2;
                let date = format!(
                    "2024-{:02}-{:02}T00:00:00Z",
                    day / 28 % 12 + 1,
                    day % 28 + 1
                );
                format!("{}\n", line.replace("2024-01-01T00:00:00Z", &date))
            }
        })
        .collect();
    let (dir, parquet) = crate::snapshot_of(&text);
    (dir, parquet, rows)
}

fn spec(strategy: SplitStrategy, seed: u64) -> SplitSpec {
    SplitSpec {
        strategy,
        validation: 0.2,
        test: 0.1,
        seed,
        folds: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn every_strategy_is_disjoint_covering_and_reproducible(n in 40usize..400, seed in any::<u64>()) {
        let (_dir, parquet, rows) = snapshot(n);
        for strategy in [
            SplitStrategy::Random,
            SplitStrategy::Stratified { column: "class".into() },
            SplitStrategy::Group { column: "group".into() },
            SplitStrategy::TimeOrdered { column: "day".into() },
        ] {
            let plan = plan_split(&parquet, n, &spec(strategy.clone(), seed)).unwrap();
            prop_assert_eq!(plan.parts.len(), n);
            prop_assert!(plan.parts.iter().all(|p| [TRAIN, VALIDATION, TEST].contains(p)));
            prop_assert_eq!(plan.counts.iter().sum::<u64>(), n as u64);
            let again = plan_split(&parquet, n, &spec(strategy.clone(), seed)).unwrap();
            prop_assert_eq!(&plan, &again);

            match &strategy {
                SplitStrategy::Random => {
                    prop_assert_eq!(plan.counts[2], (n as f64 * 0.1).round() as u64);
                    prop_assert_eq!(plan.counts[1], (n as f64 * 0.2).round() as u64);
                }
                SplitStrategy::Stratified { .. } => {
                    let mut per_class: HashMap<&str, [u64; 3]> = HashMap::new();
                    for (row, part) in rows.iter().zip(&plan.parts) {
                        per_class.entry(row.0.as_str()).or_default()[usize::from(*part)] += 1;
                    }
                    for (class, counts) in per_class {
                        let size: u64 = counts.iter().sum();
                        for (part, share) in [(1, 0.2), (2, 0.1)] {
                            let exact = size as f64 * share;
                            prop_assert!((counts[part] as f64 - exact).abs() <= 1.0, "class {} part {}: {} vs {}", class, part, counts[part], exact);
                        }
                    }
                }
                SplitStrategy::Group { .. } => {
                    let mut seen: HashMap<&str, u8> = HashMap::new();
                    for (row, part) in rows.iter().zip(&plan.parts) {
                        let first = *seen.entry(row.1.as_str()).or_insert(*part);
                        prop_assert_eq!(first, *part, "group {} is in two parts", row.1);
                    }
                }
                SplitStrategy::TimeOrdered { .. } => {
                    let latest_train = rows.iter().zip(&plan.parts).filter(|(_, p)| **p == TRAIN).map(|(r, _)| date_key(r.2)).max();
                    let earliest_test = rows.iter().zip(&plan.parts).filter(|(_, p)| **p == TEST).map(|(r, _)| date_key(r.2)).min();
                    if let (Some(train), Some(test)) = (latest_train, earliest_test) {
                        prop_assert!(train <= test, "train reaches past the test period");
                    }
                }
            }
        }
    }
}

fn date_key(day: usize) -> (usize, usize) {
    (day / 28 % 12, day % 28)
}

#[test]
fn folds_cover_the_non_test_rows_evenly() {
    let (_dir, parquet, _) = snapshot(300);
    let plan = plan_split(
        &parquet,
        300,
        &SplitSpec {
            folds: Some(5),
            ..SplitSpec::default()
        },
    )
    .unwrap();
    let folds = plan.folds.unwrap();
    let mut sizes = [0usize; 5];
    for (fold, part) in folds.iter().zip(&plan.parts) {
        if *part == TEST {
            assert_eq!(*fold, u8::MAX);
        } else {
            sizes[usize::from(*fold)] += 1;
        }
    }
    assert!(
        sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
        "{sizes:?}"
    );
}

#[test]
fn different_seeds_give_different_splits_and_bad_specs_are_refused() {
    let (_dir, parquet, _) = snapshot(200);
    let a = plan_split(&parquet, 200, &spec(SplitStrategy::Random, 1)).unwrap();
    let b = plan_split(&parquet, 200, &spec(SplitStrategy::Random, 2)).unwrap();
    assert_ne!(a.parts, b.parts);
    let bad = SplitSpec {
        validation: 0.6,
        test: 0.5,
        ..SplitSpec::default()
    };
    assert!(
        plan_split(&parquet, 200, &bad)
            .unwrap_err()
            .to_string()
            .contains("leave rows for training")
    );
    let err = plan_split(
        &parquet,
        200,
        &spec(
            SplitStrategy::Stratified {
                column: "nope".into(),
            },
            1,
        ),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no column named \"nope\""),
        "{err}"
    );
    let err = plan_split(
        &parquet,
        200,
        &spec(
            SplitStrategy::TimeOrdered {
                column: "class".into(),
            },
            1,
        ),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not a date-time"), "{err}");
}
