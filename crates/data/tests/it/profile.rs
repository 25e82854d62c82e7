//! Profile numbers checked against a second, naive computation over the source values.

use modeldesk_data::{CancelToken, ColumnFlag, ColumnType, NoProgress, QUANTILES, profile_parquet};

/// numpy's default ("linear") quantile over sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[test]
fn profile_matches_a_naive_second_computation() {
    let n = 20_000usize;
    let mut text = String::from("x,k,label,email,const,id\n");
    let mut xs = Vec::new();
    for i in 0..n {
        // A deterministic, irregular sequence with negatives, repeats and missing values.
        let x = ((i * 7919 % 10_007) as f64 - 5_000.0) / 8.0;
        let missing = i % 10 == 3;
        if !missing {
            xs.push(x);
        }
        text.push_str(&format!(
            "{},{},{},user{}@example.org,same,{i}\n",
            if missing {
                String::new()
            } else {
                format!("{x}")
            },
            i % 17,
            ["red", "green", "blue", "green"][i % 4],
            i % 500
        ));
    }
    let (_dir, out) = crate::snapshot_of(&text);
    let profile = profile_parquet(&out, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(profile.rows, n as u64);

    let x = &profile.columns[0];
    assert_eq!(
        (x.ty, x.count, x.nulls),
        (ColumnType::Float, xs.len() as u64, (n - xs.len()) as u64)
    );
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    let mut uniq = sorted.clone();
    uniq.dedup();
    assert_eq!(x.distinct, uniq.len() as u64);
    let num = x.numeric.as_ref().unwrap();
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let std = (xs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt();
    assert!(
        (num.mean - mean).abs() < 1e-9 * mean.abs().max(1.0),
        "{} vs {mean}",
        num.mean
    );
    assert!((num.std - std).abs() < 1e-9 * std, "{} vs {std}", num.std);
    assert_eq!((num.min, num.max), (sorted[0], sorted[sorted.len() - 1]));
    for (q, got) in QUANTILES.iter().zip(&num.quantiles) {
        assert!((got - quantile(&sorted, *q)).abs() < 1e-9, "q{q}: {got}");
    }
    assert_eq!(num.histogram.counts.iter().sum::<u64>(), xs.len() as u64);
    assert_eq!(num.histogram.edges.len(), num.histogram.counts.len() + 1);

    let k = &profile.columns[1];
    assert_eq!((k.ty, k.distinct), (ColumnType::Integer, 17));
    let label = &profile.columns[2];
    assert_eq!(label.ty, ColumnType::Categorical);
    assert_eq!(label.top_values[0].value, "green");
    assert_eq!(label.top_values[0].count, (n / 2) as u64);
    let email = &profile.columns[3];
    assert!(
        email.flags.contains(&ColumnFlag::LikelyPersonalData),
        "{:?}",
        email.flags
    );
    assert!(profile.columns[4].flags.contains(&ColumnFlag::Constant));
    assert!(
        profile.columns[5]
            .flags
            .contains(&ColumnFlag::LikelyIdentifier)
    );
    assert!(!x.flags.contains(&ColumnFlag::LikelyIdentifier));
}
