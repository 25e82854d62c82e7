import { useT } from "../../i18n";
import type { BundleOrigin } from "../../lib/api";
import { formatMetric, headline } from "../train/metrics";
import { stateLabel } from "./ReviewBar";

/** Where a model from a bundle came from: the file, its card's review state and its test score. */
export function BundleNote({ origin }: { origin: BundleOrigin }) {
  const { t } = useT();
  const review = origin.card.review?.state ?? null;
  const score = origin.metrics.test ? headline(origin.metrics.test)[0] : undefined;
  const parts = [t("models.bundle.from", { file: origin.file })];
  if (review !== null) parts.push(t("models.bundle.review", { state: stateLabel(review, t) }));
  if (score && score.value !== null) {
    parts.push(t("models.bundle.test", { metric: t(`train.metric.${score.key}`), value: formatMetric(score.value) }));
  }
  return (
    <p className="muted small" data-testid="model-bundle">
      {parts.join(" · ")}
    </p>
  );
}
