//! The sample project a first run offers: a real dataset, imported, split, two trained models,
//! a stored explanation and a note — made by the same calls a person's clicks make, so every
//! panel opens on real content.

use std::fmt::Write as _;
use std::path::Path;

use modeldesk_data::{CancelToken, DataError, ImportOptions, JobProgress, NoProgress, Progress};
use modeldesk_data::{SplitSpec, SplitStrategy};
use modeldesk_runtime::RuntimeOptions;
use modeldesk_train::{Metrics, Silent};

use crate::{
    AppError, ExplainOptions, NoteInput, ProjectSummary, Result, TrainOutcome, TrainRequest,
    Workspace,
};

/// The sample's data: the Breast Cancer Wisconsin (Diagnostic) study as scikit-learn ships it
/// (569 tumours, 30 measurements, `diagnosis`), CC BY 4.0; see `models/sample/README.md`.
const SAMPLE_CSV: &[u8] = include_bytes!("../../../models/sample/breast_cancer.csv");
/// The file the sample's data is written to in its project folder (and imported from).
const SAMPLE_FILE: &str = "breast_cancer.csv";
/// The column the sample's models predict.
const SAMPLE_TARGET: &str = "diagnosis";
/// Rows the sample's explanation covers: what the Explain panel asks for first, so it finds
/// the explanation stored and shows it at once.
pub const SAMPLE_EXPLAIN_ROWS: u64 = 500;
/// The steps of making the sample, in order; each is reported as the progress `stage`.
pub const SAMPLE_STEPS: [&str; 6] = ["import", "split", "linear", "gbdt", "explain", "note"];

impl Workspace {
    /// Opens the sample project in `dir`, first making it there when `dir` holds none: the
    /// sample data imported, split (stratified, seed 42), a logistic regression and boosted
    /// trees trained, the trees explained (SHAP) and a note written about what came out. The note is in
    /// `language` (`zh-CN`, else English). Progress is reported once per step of
    /// [`SAMPLE_STEPS`]; when it fails or is cancelled, the folder it made is removed.
    pub fn open_sample_project(
        &mut self,
        dir: &Path,
        language: &str,
        runtime: &RuntimeOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ProjectSummary> {
        if dir.join(modeldesk_store::DB_FILE).exists() {
            return self.open_project(dir);
        }
        let fresh = !dir.exists();
        let made = self.make_sample(dir, language, runtime, progress, cancel);
        if made.is_err() {
            self.close_project();
            if fresh {
                // Nothing of the person's was there: leave no half-made sample behind.
                let _ = std::fs::remove_dir_all(dir);
                if let Err(e) = self.recent().forget(dir) {
                    tracing::warn!(error = %e, "could not update the recent-projects list");
                }
            }
        }
        made
    }

    fn make_sample(
        &mut self,
        dir: &Path,
        language: &str,
        runtime: &RuntimeOptions,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ProjectSummary> {
        let zh = language.starts_with("zh");
        let name = if zh { "示例项目" } else { "Sample project" };
        let step = |i: usize| -> Result<()> {
            if cancel.is_cancelled() {
                return Err(DataError::Cancelled.into());
            }
            progress.report(JobProgress {
                stage: SAMPLE_STEPS[i],
                done: i as u64,
                total: Some(SAMPLE_STEPS.len() as u64),
                rows: 0,
            });
            Ok(())
        };
        step(0)?;
        self.create_project(dir, Some(name))?;
        let source = dir.join(SAMPLE_FILE);
        std::fs::write(&source, SAMPLE_CSV).map_err(|source_error| AppError::Io {
            path: source.clone(),
            source: source_error,
        })?;
        let imported = self.import_dataset(
            &source,
            None,
            &ImportOptions::default(),
            &NoProgress,
            cancel,
        )?;
        let dataset = format!("{}@{}", imported.dataset.name, imported.dataset.version);
        step(1)?;
        self.split_dataset(
            &dataset,
            &SplitSpec {
                strategy: SplitStrategy::Stratified {
                    column: SAMPLE_TARGET.to_owned(),
                },
                ..SplitSpec::default()
            },
        )?;
        step(2)?;
        let linear = self.train_model(&sample_request(&dataset, "linear"), &Silent, cancel)?;
        step(3)?;
        // Trained last, so it is the newest model: the one the panels pick first.
        let trees = self.train_model(&sample_request(&dataset, "gbdt"), &Silent, cancel)?;
        step(4)?;
        let view = self.explain_view(
            &trees.model,
            &dataset,
            Some((0, SAMPLE_EXPLAIN_ROWS)),
            &ExplainOptions {
                method: Some("auto".to_owned()),
                ..ExplainOptions::default()
            },
            runtime,
            &NoProgress,
            cancel,
        )?;
        step(5)?;
        let top: Vec<&str> = view
            .importance
            .iter()
            .take(3)
            .map(|i| i.feature.as_str())
            .collect();
        let text = if zh { &ZH } else { &EN };
        self.add_note(&NoteInput {
            entity_kind: "model".to_owned(),
            entity: Some(trees.model.clone()),
            title: text.title.to_owned(),
            body: note_body(text, &dataset, &[&trees, &linear], &top),
            tags: vec!["sample".to_owned()],
            pinned: true,
        })?;
        self.current().ok_or(AppError::NoProject)
    }
}

/// A training of the sample's target with `family`'s defaults and a fixed seed.
fn sample_request(dataset: &str, family: &str) -> TrainRequest {
    TrainRequest {
        dataset: dataset.to_owned(),
        target: SAMPLE_TARGET.to_owned(),
        task: None,
        family: Some(family.to_owned()),
        params: std::collections::BTreeMap::new(),
        seed: Some(42),
        ignore_split: false,
        folds: None,
        name: None,
    }
}

/// The sample note's words in one language; `{…}` marks are filled by [`note_body`].
struct NoteText {
    title: &'static str,
    intro: &'static str,
    data: &'static str,
    models: &'static str,
    model_line: &'static str,
    explain: &'static str,
    next: &'static str,
    credit: &'static str,
}

const EN: NoteText = NoteText {
    title: "About this sample project",
    intro: "ModelDesk made this project so that every panel has something real to show. Change anything: it is yours.",
    data: "**Data**: [[dataset:{dataset}]]: 569 tumours, 30 measurements of their cell nuclei each, and the `diagnosis` (benign or malignant). Split stratified by diagnosis with seed 42: 70% train, 15% validation, 15% test.",
    models: "**Train and Models**, on the {test} test rows that neither model saw:",
    model_line: "[[model:{model}]]: AUC {auc}, accuracy {accuracy}",
    explain: "**Explain**: SHAP values of [[model:{model}]] on the first {rows} rows. The columns that move its predictions most: {top}.",
    next: "Next: click a cell of a confusion matrix in Train to see its rows, ask in Explain why one row was predicted as it was, or export a model with its report in Export.",
    credit: "Data: W. H. Wolberg, W. N. Street, O. L. Mangasarian, *Breast Cancer Wisconsin (Diagnostic)*, UCI Machine Learning Repository (CC BY 4.0).",
};

const ZH: NoteText = NoteText {
    title: "关于这个示例项目",
    intro: "ModelDesk 创建了这个项目，让每个面板都有真实的内容可看。可以随意修改：它属于你。",
    data: "**数据**：[[dataset:{dataset}]]：569 个肿瘤，每个有 30 项细胞核测量值和 `diagnosis`（benign 良性或 malignant 恶性）。按诊断分层划分，种子 42：70% 训练、15% 验证、15% 测试。",
    models: "**训练与模型**，在两个模型都没见过的 {test} 行测试数据上：",
    model_line: "[[model:{model}]]：AUC {auc}，准确率 {accuracy}",
    explain: "**解释**：[[model:{model}]] 在前 {rows} 行上的 SHAP 值。对预测影响最大的列：{top}。",
    next: "接下来：在“训练”中点击混淆矩阵的一个单元格查看对应的行，在“解释”中查看某一行为何得到这样的预测，或在“导出”中导出模型及其报告。",
    credit: "数据：W. H. Wolberg、W. N. Street、O. L. Mangasarian，*Breast Cancer Wisconsin (Diagnostic)*，UCI 机器学习库（CC BY 4.0）。",
};

/// The note: what the sample holds and the figures its models and explanation came to.
fn note_body(text: &NoteText, dataset: &str, models: &[&TrainOutcome], top: &[&str]) -> String {
    let mut body = format!(
        "{}\n\n- {}\n- {}\n",
        text.intro,
        text.data.replace("{dataset}", dataset),
        text.models.replace(
            "{test}",
            &models.first().map_or(0, |m| m.rows[2]).to_string()
        )
    );
    for model in models {
        let (auc, accuracy) = match &model.metrics.test {
            Some(Metrics::Binary(m)) => (
                format!("{:.3}", m.auc),
                format!("{:.1}%", m.accuracy * 100.0),
            ),
            _ => ("–".to_owned(), "–".to_owned()),
        };
        let _ = writeln!(
            body,
            "  - {}",
            text.model_line
                .replace("{model}", &model.model)
                .replace("{auc}", &auc)
                .replace("{accuracy}", &accuracy)
        );
    }
    let top = top
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let explained = models.first().map_or("", |m| m.model.as_str());
    let _ = write!(
        body,
        "- {}\n\n{}\n\n{}\n",
        text.explain
            .replace("{model}", explained)
            .replace("{rows}", &SAMPLE_EXPLAIN_ROWS.to_string())
            .replace("{top}", &top),
        text.next,
        text.credit
    );
    body
}
