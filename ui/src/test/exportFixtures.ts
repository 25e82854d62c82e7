// Fake model bundles and reports for the Export panel, and the Models panel's bundle note.
import type { BundlePreview, ExportedBundle, ModelCard, ModelInfo, WrittenReport } from "../lib/api";
import { binaryMetrics, newModel } from "./appFixtures";

/** The card of `newModel` (events-gbdt-1), approved by bo. */
export const bundleCard: ModelCard = {
  name: "events-gbdt-1",
  modelId: "m-new",
  task: "binary",
  family: "gbdt",
  target: "ok",
  classes: ["false", "true"],
  license: "unknown",
  authors: ["ada"],
  createdAt: "2025-01-06T10:00:00Z",
  dataset: { name: "events", version: 1, sha256: "9f".repeat(32), rows: 208, split: "70/15/15 random" },
  parameters: { learning_rate: "0.1" },
  runId: "r-new",
  inputs: [
    { name: "amount", kind: "float", min: 0, max: 99, mean: 12.5, values: [], hasMissing: false, personalData: null },
    { name: "email", kind: "text", min: null, max: null, mean: null, values: [], hasMissing: false, personalData: "looks like email addresses" },
  ],
  outputs: ["ok_label", "ok_probability"],
  review: { state: "approved", decision: "ship it", by: "bo", at: "2025-01-07T10:00:00Z", reviewers: ["bo"] },
  appVersion: "0.1.0",
  codeVersion: "0.1.0",
};

const manifest = {
  kind: "modeldesk-model-bundle",
  format: 1,
  model: "events-gbdt-1",
  createdAt: "2025-01-06T10:00:00Z",
  generator: "ModelDesk 0.1.0",
  files: [
    { path: "model.onnx", bytes: 40_960, sha256: "0123456789abcdef".repeat(4) },
    { path: "model-card.json", bytes: 2_560, sha256: "fedcba9876543210".repeat(4) },
    { path: "shap-summary.json", bytes: 1_126, sha256: "a1b2c3d4e5f60718".repeat(4) },
  ],
};

/** What preview_model_bundle answers for `newModel`: the email column withheld, a quoted note column. */
export const bundlePreview: BundlePreview = {
  manifest,
  card: bundleCard,
  cardMarkdown: "---\nlicense: unknown\n---\n\n# events-gbdt-1\n\nA binary GBDT model predicting `ok`.\n",
  samplesCsv: 'amount,city,note\n12.5,"Paris, FR","said ""hi"""\n3,Oslo,\n',
  withheldColumns: ["email"],
  hasShap: true,
};

/** What export_model_bundle answers for `newModel`. */
export const exportedBundle: ExportedBundle = {
  path: "/home/me/churn/exports/events-gbdt-1.mdbundle",
  manifest,
};

/** What export_report answers for `newModel` with both formats: 118 KB of HTML, 205 KB of PDF. */
export const writtenReport: WrittenReport = {
  html: ["/home/me/churn/exports/events-gbdt-1-report.html", 118 * 1024],
  pdf: ["/home/me/churn/exports/events-gbdt-1-report.pdf", 205 * 1024],
};

/** `newModel` as another project imports it from its bundle (with a test AUC). */
export const bundledModel: ModelInfo = {
  ...newModel,
  id: "m-bundled",
  name: "events-gbdt-1",
  createdAt: "2025-01-09T10:00:00Z",
  bundle: {
    file: "events-gbdt-1.mdbundle",
    card: bundleCard,
    metrics: { train: null, validation: null, test: binaryMetrics(0.9123), curve: [] },
  },
};
