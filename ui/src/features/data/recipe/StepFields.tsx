import type { ReactNode } from "react";
import { useT } from "../../../i18n";
import {
  CAST_TYPES,
  CLIP_METHODS,
  DATE_PARTS,
  FILTER_OPS,
  IMPUTE_STRATEGIES,
  SCALE_METHODS,
  type CastTo,
  type ClipMethod,
  type ColumnInfo,
  type FilterOp,
  type ImputeStrategy,
  type ScaleMethod,
} from "../../../lib/api";
import { ColumnPicker, ColumnsPicker } from "./ColumnPicker";
import { DEFAULT_PIXEL_SIDE, needsValue, withColumn, type StepDraft } from "./recipeSteps";

/** A compact labelled select of `options`, each shown as `label(option)`. */
function Choice<T extends string>({
  label,
  value,
  options,
  optionLabel,
  onChange,
  testId,
}: {
  label: string;
  value: T;
  options: readonly T[];
  optionLabel: (option: T) => string;
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A compact labelled text (or number) input. */
function Input({
  label,
  value,
  onChange,
  testId,
  numeric,
  placeholder,
  title,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  numeric?: boolean;
  placeholder?: string;
  title?: string;
}) {
  return (
    <label className="field" title={title}>
      <span>{label}</span>
      <input
        type={numeric ? "number" : "text"}
        inputMode={numeric ? "decimal" : undefined}
        step={numeric ? "any" : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
      />
    </label>
  );
}

/**
 * The fields of one step as compact inputs: its column(s), picked from `columns` (the columns
 * before it; `open`: there may be more), and whatever else its op takes.
 */
export function StepFields({
  draft,
  columns,
  open,
  onChange,
}: {
  draft: StepDraft;
  columns: readonly ColumnInfo[];
  open: boolean;
  onChange: (draft: StepDraft) => void;
}) {
  const { t } = useT();
  const set = (patch: Partial<StepDraft>) => onChange({ ...draft, ...patch });
  const column = (label = t("data.recipe.field.column")) => (
    <ColumnPicker
      op={draft.op}
      label={label}
      value={draft.column}
      columns={columns}
      open={open}
      onChange={(c) => onChange(withColumn(draft, c, columns))}
      testId="step-column"
    />
  );

  let fields: ReactNode;
  switch (draft.op) {
    case "drop_columns":
    case "drop_duplicates":
      fields = (
        <ColumnsPicker
          label={draft.op === "drop_columns" ? t("data.recipe.field.columns") : t("data.recipe.field.compared")}
          value={draft.columns}
          columns={columns}
          open={open}
          onChange={(columns) => set({ columns })}
          emptyText={draft.op === "drop_columns" ? t("data.recipe.noColumns") : t("data.recipe.allColumns")}
          testId="step-columns"
        />
      );
      break;
    case "rename":
      fields = (
        <>
          {column(t("data.recipe.field.from"))}
          <Input label={t("data.recipe.field.to")} value={draft.to} onChange={(to) => set({ to })} testId="step-to" />
        </>
      );
      break;
    case "impute":
      fields = (
        <>
          {column()}
          <Choice<ImputeStrategy>
            label={t("data.recipe.field.strategy")}
            value={draft.strategy}
            options={IMPUTE_STRATEGIES}
            optionLabel={(s) => t(`data.recipe.strategy.${s}`)}
            onChange={(strategy) => set({ strategy })}
            testId="step-strategy"
          />
          {draft.strategy === "constant" && (
            <Input label={t("data.recipe.field.fill")} value={draft.value} onChange={(value) => set({ value })} testId="step-fill" />
          )}
        </>
      );
      break;
    case "one_hot":
    case "tf_idf":
      fields = (
        <>
          {column()}
          <Input
            label={draft.op === "one_hot" ? t("data.recipe.field.maxCategories") : t("data.recipe.field.maxFeatures")}
            value={draft.limit}
            onChange={(limit) => set({ limit })}
            numeric
            placeholder={draft.op === "one_hot" ? "50" : "100"}
            testId="step-limit"
          />
        </>
      );
      break;
    case "scale":
      fields = (
        <>
          {column()}
          <Choice<ScaleMethod>
            label={t("data.recipe.field.method")}
            value={draft.method}
            options={SCALE_METHODS}
            optionLabel={(m) => t(`data.recipe.method.${m}`)}
            onChange={(method) => set({ method })}
            testId="step-method"
          />
        </>
      );
      break;
    case "clip_outliers":
      fields = (
        <>
          {column()}
          <Choice<ClipMethod>
            label={t("data.recipe.field.clipMethod")}
            value={draft.clipMethod}
            options={CLIP_METHODS}
            optionLabel={(m) => t(`data.recipe.clip.${m}`)}
            onChange={(clipMethod) => set({ clipMethod })}
            testId="step-clip-method"
          />
          {draft.clipMethod === "iqr" ? (
            <Input label={t("data.recipe.field.k")} title={t("data.recipe.field.kTitle")} value={draft.k} onChange={(k) => set({ k })} numeric testId="step-k" />
          ) : (
            <>
              <Input label={t("data.recipe.field.low")} value={draft.low} onChange={(low) => set({ low })} numeric testId="step-low" />
              <Input label={t("data.recipe.field.high")} value={draft.high} onChange={(high) => set({ high })} numeric testId="step-high" />
            </>
          )}
        </>
      );
      break;
    case "filter_rows":
      fields = (
        <>
          {column()}
          <Choice<FilterOp>
            label={t("data.recipe.field.compare")}
            value={draft.compare}
            options={FILTER_OPS}
            optionLabel={(c) => t(`data.recipe.compare.${c}`)}
            onChange={(compare) => set({ compare })}
            testId="step-compare"
          />
          {needsValue(draft.compare) && (
            <Input label={t("data.recipe.field.value")} value={draft.value} onChange={(value) => set({ value })} testId="step-value" />
          )}
        </>
      );
      break;
    case "cast":
      fields = (
        <>
          {column()}
          <Choice<CastTo>
            label={t("data.recipe.field.castTo")}
            value={draft.castTo}
            options={CAST_TYPES}
            optionLabel={(c) => t(`data.recipe.cast.${c}`)}
            onChange={(castTo) => set({ castTo })}
            testId="step-cast"
          />
        </>
      );
      break;
    case "date_parts":
      fields = (
        <>
          {column()}
          <fieldset className="recipe-parts">
            <legend>{t("data.recipe.field.parts")}</legend>
            {DATE_PARTS.map((p) => (
              <label key={p} className="recipe-part">
                <input
                  type="checkbox"
                  checked={draft.parts.includes(p)}
                  onChange={(e) => set({ parts: e.target.checked ? [...draft.parts, p] : draft.parts.filter((x) => x !== p) })}
                  data-testid={`step-part-${p}`}
                />
                {t(`data.recipe.part.${p}`)}
              </label>
            ))}
          </fieldset>
        </>
      );
      break;
    case "ordinal":
    case "word_count":
      fields = column();
      break;
    case "image_pixels":
      fields = (
        <>
          {column()}
          <Input
            label={t("data.recipe.field.size")}
            value={draft.limit}
            onChange={(limit) => set({ limit })}
            numeric
            placeholder={String(DEFAULT_PIXEL_SIDE)}
            testId="step-size"
          />
        </>
      );
      break;
  }
  return <div className="recipe-step-fields">{fields}</div>;
}
