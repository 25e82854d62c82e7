import { useT, type MessageKey } from "../../../i18n";
import type { StepOp } from "../../../lib/api";
import { ArrowDownIcon, ArrowUpIcon, CloseIcon } from "../../../components/icons";
import { StepFields } from "./StepFields";
import type { PlannedStep, StepDraft } from "./recipeSteps";

/** The human name of a step op ("Fill missing values"). */
export function opKey(op: StepOp): MessageKey {
  return `data.recipe.op.${op}`;
}

/**
 * Step `index` of the recipe: its number and name, move up / move down / remove, its fields, and
 * what it still lacks. `failed` marks the step the latest error names.
 */
export function StepItem({
  draft,
  index,
  count,
  plan,
  failed,
  onChange,
  onMove,
  onRemove,
}: {
  draft: StepDraft;
  index: number;
  count: number;
  plan: PlannedStep;
  failed: boolean;
  onChange: (draft: StepDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const n = index + 1;
  const name = t(opKey(draft.op));
  const up = t("data.recipe.moveUp", { n });
  const down = t("data.recipe.moveDown", { n });
  const remove = t("data.recipe.remove", { n });
  return (
    <li
      className={`recipe-step${failed ? " recipe-step-failed" : ""}`}
      aria-label={t("data.recipe.stepLabel", { n, name })}
      data-testid="recipe-step"
      data-failed={failed ? "true" : undefined}
    >
      <div className="recipe-step-head">
        <span className="recipe-step-number">{n}</span>
        <span className="recipe-step-name" title={t(`data.recipe.hint.${draft.op}`)}>
          {name}
        </span>
        <button type="button" className="icon-button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={up} title={up} data-testid="step-up">
          <ArrowUpIcon size={14} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => onMove(1)}
          disabled={index === count - 1}
          aria-label={down}
          title={down}
          data-testid="step-down"
        >
          <ArrowDownIcon size={14} />
        </button>
        <button type="button" className="icon-button" onClick={onRemove} aria-label={remove} title={remove} data-testid="step-remove">
          <CloseIcon size={14} />
        </button>
      </div>
      <StepFields draft={draft} columns={plan.before} open={plan.open} onChange={onChange} />
      {!plan.parsed.ok && (
        <p className="recipe-step-problem small" data-testid="step-problem">
          {t(plan.parsed.problem)}
        </p>
      )}
    </li>
  );
}
