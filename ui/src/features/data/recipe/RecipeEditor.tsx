import { useRef, useState } from "react";
import { useT } from "../../../i18n";
import { api, toFailure, PREVIEW_SAMPLE_ROWS, STEP_OPS, type ApiFailure, type DatasetInfo, type StepOp } from "../../../lib/api";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { JobProgress } from "../../../components/JobProgress";
import { CheckIcon } from "../../../components/icons";
import { useAlive } from "../../../components/useAlive";
import { formatCount } from "../format";
import { RecipePreviewView } from "./RecipePreview";
import { StepItem, opKey } from "./StepItem";
import { failedStep, moveItem, newDraft, planRecipe, type RecipeFit, type StepDraft } from "./recipeSteps";
import { useRecipePreview } from "./useRecipePreview";

/** A version the recipe editor just stored: the note under the editor says where it came from. */
export type PreparedVersion = { dataset: DatasetInfo; parent: number; fittedOnTrainSplit: boolean };

type ApplyState =
  | { kind: "idle" }
  | { kind: "running"; cancelling: boolean }
  | { kind: "failed"; error: ApiFailure }
  | { kind: "cancelled" };

/** "Version 3 made from version 2, fitted on …": the note for a version just prepared. */
function MadeNote({ made }: { made: PreparedVersion }) {
  const { t } = useT();
  const key = made.fittedOnTrainSplit ? "data.recipe.made.train" : "data.recipe.made.all";
  return (
    <p className="recipe-made small" role="status" data-testid="recipe-made">
      <CheckIcon size={14} />
      <span>{t(key, { version: made.dataset.version, parent: made.parent })}</span>
    </p>
  );
}

/**
 * The prep recipe of one dataset version: an ordered list of steps, previewed on the version's
 * first rows as they change, and Apply, which stores the prepared rows as a new version and hands
 * it to `onPrepared`. `made` is the version this one was just made as (for its note). While an
 * import runs, Apply waits: the backend runs one job at a time.
 */
export function RecipeEditor({
  dataset,
  paused,
  made,
  onPrepared,
}: {
  dataset: DatasetInfo;
  paused: boolean;
  made: PreparedVersion | null;
  onPrepared: (prepared: PreparedVersion) => void;
}) {
  const { t, locale } = useT();
  const [drafts, setDrafts] = useState<StepDraft[]>([]);
  const [op, setOp] = useState<StepOp>(STEP_OPS[0]);
  const [fit, setFit] = useState<RecipeFit | null>(null);
  const [apply, setApply] = useState<ApplyState>({ kind: "idle" });
  const nextId = useRef(1);
  const alive = useAlive();

  const plan = planRecipe(dataset.columns, drafts, fit);
  const { answer, current, pending } = useRecipePreview(dataset.id, plan.steps, setFit);
  const steps = plan.steps;
  const previewFailed = current && answer && !answer.ok;
  const failed = previewFailed ? failedStep(answer.error.message) : apply.kind === "failed" ? failedStep(apply.error.message) : null;
  const running = apply.kind === "running";
  const canApply = steps !== null && steps.length > 0 && !running && !paused && !previewFailed;

  /** Changes the steps; a finished Apply's error or cancel note no longer applies. */
  function edit(change: (drafts: StepDraft[]) => StepDraft[]) {
    setDrafts(change);
    setApply((s) => (s.kind === "running" ? s : { kind: "idle" }));
  }

  function addStep() {
    // The columns after the last step: the preview's when it is for these steps.
    const columns = current && answer?.ok ? answer.preview.window.columns : plan.after;
    const draft = newDraft(op, nextId.current++, columns);
    edit((list) => [...list, draft]);
  }

  function applyRecipe() {
    if (!canApply || steps === null) return;
    setApply({ kind: "running", cancelling: false });
    const parent = dataset.version;
    api.prepDataset(dataset.id, steps).then(
      (outcome) => {
        if (alive.current) setApply({ kind: "idle" });
        // Even when the user has moved on: the new version is the dataset's newest now.
        onPrepared({ dataset: outcome.dataset, parent, fittedOnTrainSplit: outcome.fittedOnTrainSplit });
      },
      (e: unknown) => {
        if (!alive.current) return;
        const error = toFailure(e);
        setApply(error.code === "cancelled" ? { kind: "cancelled" } : { kind: "failed", error });
      },
    );
  }

  async function cancel() {
    setApply((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await api.cancelJob();
    } catch {
      // Apply's own result reports what happened.
    }
  }

  return (
    <section className="recipe" aria-label={t("data.recipe.title")} data-testid="recipe-panel">
      <h2 className="section-title">{t("data.recipe.title")}</h2>
      <div className="recipe-card">
        {made && <MadeNote made={made} />}
        {drafts.length === 0 ? (
          <p className="muted small" data-testid="recipe-empty">
            {t("data.recipe.empty", { rows: formatCount(PREVIEW_SAMPLE_ROWS, locale) })}
          </p>
        ) : (
          <ol className="recipe-steps" aria-label={t("data.recipe.steps")}>
            {drafts.map((draft, i) => (
              <StepItem
                key={draft.id}
                draft={draft}
                index={i}
                count={drafts.length}
                plan={plan.items[i]!}
                failed={failed === i + 1}
                onChange={(next) => edit((list) => list.map((d) => (d.id === draft.id ? next : d)))}
                onMove={(by) => edit((list) => moveItem(list, list.findIndex((d) => d.id === draft.id), by))}
                onRemove={() => edit((list) => list.filter((d) => d.id !== draft.id))}
              />
            ))}
          </ol>
        )}
        <div className="recipe-add">
          <select value={op} onChange={(e) => setOp(e.target.value as StepOp)} aria-label={t("data.recipe.addWhich")} data-testid="recipe-op">
            {STEP_OPS.map((o) => (
              <option key={o} value={o}>
                {t(opKey(o))}
              </option>
            ))}
          </select>
          <button type="button" className="button small-button" onClick={addStep} data-testid="recipe-add">
            {t("data.recipe.addStep")}
          </button>
        </div>
        {drafts.length > 0 &&
          (steps === null ? (
            <p className="muted small" data-testid="recipe-incomplete">
              {t("data.recipe.incomplete")}
            </p>
          ) : (
            <RecipePreviewView answer={answer} pending={pending} />
          ))}
        {paused && <p className="muted small">{t("data.recipe.paused")}</p>}
        {apply.kind === "failed" && (
          <div data-testid="recipe-apply-error">
            <ErrorMessage error={apply.error} />
          </div>
        )}
        {apply.kind === "cancelled" && (
          <p className="muted small" data-testid="recipe-cancelled">
            {t("data.recipe.cancelled")}
          </p>
        )}
        {running ? (
          <JobProgress
            testId="recipe"
            label={t("data.recipe.applying")}
            fraction={null}
            cancelling={apply.cancelling}
            onCancel={() => void cancel()}
            cancelText={t("data.recipe.cancel")}
            cancellingText={t("data.recipe.cancelling")}
          />
        ) : (
          drafts.length > 0 && (
            <div className="recipe-actions">
              <span className="muted recipe-apply-hint">{t("data.recipe.applyHint")}</span>
              <button type="button" className="button primary" onClick={applyRecipe} disabled={!canApply} data-testid="recipe-apply">
                {t("data.recipe.apply")}
              </button>
            </div>
          )
        )}
      </div>
    </section>
  );
}
