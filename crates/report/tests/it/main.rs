//! Bundle tests: deterministic writing, a faithful round trip, and every kind of bad file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is the failure report

mod bundle;
mod html;

use std::collections::BTreeMap;

use modeldesk_report::{
    BundleMetrics, BundleNote, CurvePoint, DatasetRef, Importance, InputColumn, ModelBundle,
    ModelCard, ReviewSummary, ShapSample, ShapSummary,
};
use modeldesk_train::Metrics;
use modeldesk_train::metrics::RegressionMetrics;

/// A regression model's bundle with every part filled in.
pub fn sample() -> ModelBundle {
    ModelBundle {
        card: ModelCard {
            name: "price-gbdt".into(),
            model_id: "0193-model".into(),
            task: "regression".into(),
            family: "gbdt".into(),
            target: "price".into(),
            classes: vec![],
            license: "MIT".into(),
            authors: vec!["Ada".into(), "Bo".into()],
            created_at: "2026-11-29T10:00:00Z".into(),
            dataset: Some(DatasetRef {
                name: "houses".into(),
                version: 2,
                sha256: "ab".repeat(32),
                rows: 1000,
                split: Some("random 70/15/15, seed 7".into()),
            }),
            parameters: BTreeMap::from([("num_leaves".into(), "31".into())]),
            run_id: Some("0193-run".into()),
            inputs: vec![InputColumn {
                name: "rooms | size".into(),
                kind: "float".into(),
                min: Some(1.0),
                max: Some(9.0),
                mean: Some(3.5),
                values: vec![],
                has_missing: true,
                personal_data: None,
            }],
            outputs: vec!["prediction".into()],
            review: Some(ReviewSummary {
                state: "approved".into(),
                decision: Some("Good enough for the pilot.".into()),
                by: Some("Bo".into()),
                at: Some("2026-11-29T11:00:00Z".into()),
                reviewers: vec!["Bo".into()],
            }),
            app_version: "0.1.0".into(),
            code_version: Some("0.1.0".into()),
        },
        onnx: (0..20_000u32).map(|i| (i % 251) as u8).collect(),
        metrics: BundleMetrics {
            train: None,
            validation: None,
            test: Some(Metrics::Regression(RegressionMetrics {
                rmse: 1.25,
                mae: 0.5,
                r2: 0.875,
                residuals: vec![],
            })),
            curve: vec![CurvePoint {
                iteration: 1,
                train_loss: 2.0,
                valid_loss: Some(2.5),
                metric_value: 1.5,
            }],
        },
        samples_csv: "rooms | size,price\n3,100\n".into(),
        shap: Some(ShapSummary {
            method: "tree".into(),
            output_space: "value".into(),
            dataset: "houses@2".into(),
            rows: 1000,
            columns: vec!["rooms | size".into()],
            outputs: vec!["price".into()],
            base: vec![100.0],
            importance: vec![Importance {
                feature: "rooms | size".into(),
                mean_abs_shap: 12.5,
            }],
            sample: Some(ShapSample {
                rows: 3,
                values: vec![10.0, -5.0, 2.5],
                feature_values: vec![Some(3.0), Some(1.0), None],
                categories: vec![vec![]],
            }),
        }),
        notes: vec![BundleNote {
            id: "n1".into(),
            title: "Why GBDT".into(),
            body: "It beats the linear model by **10 %**.".into(),
            tags: vec!["decision".into()],
            author: "Ada".into(),
            created_at: "2026-11-29T10:30:00Z".into(),
            updated_at: "2026-11-29T10:30:00Z".into(),
        }],
    }
}
