import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useT } from "../../i18n";
import {
  api,
  toFailure,
  MODEL_TASKS,
  SCORE_TRANSFORMS,
  type ApiFailure,
  type ColumnMapping,
  type IoInfo,
  type ModelInfo,
  type ModelInspection,
  type OutputSpec,
  type ScoreTransform,
} from "../../lib/api";
import { useDataStore } from "../data/dataStore";
import { useModelsStore } from "./modelsStore";
import { datasetRef, inputWidth, shapeText } from "./labels";

type ModelTask = (typeof MODEL_TASKS)[number];

/** The editor's state: columns per model input (one slot per feature, "" = unmapped), outputs as typed. */
export type IoDraft = {
  columns: Record<string, string[]>;
  target: string;
  task: ModelTask;
  probabilities: string;
  label: string;
  prediction: string;
  /** Comma-separated, in probability-column order. */
  classes: string;
  transform: ScoreTransform;
};

/** The slots an input shows: its width when fixed, else the columns given (at least one). */
export function slotsFor(input: IoInfo, columns: readonly string[] | undefined): string[] {
  const given = columns ?? [];
  const width = inputWidth(input);
  if (width === null) return given.length > 0 ? [...given] : [""];
  return Array.from({ length: width }, (_, k) => given[k] ?? "");
}

function columnsFrom(inputs: IoInfo[], mapping: ColumnMapping | null): Record<string, string[]> {
  return Object.fromEntries(
    inputs.map((i) => [i.name, slotsFor(i, mapping?.inputs.find((b) => b.input === i.name)?.columns)]),
  );
}

function initialDraft(model: ModelInfo, inspection: ModelInspection): IoDraft {
  const out = inspection.outputs;
  return {
    columns: columnsFrom(inspection.inspection.inputs, inspection.mapping ?? model.imported?.mapping ?? null),
    target: model.imported?.target ?? "",
    task: (MODEL_TASKS as readonly string[]).includes(out.task) ? (out.task as ModelTask) : "binary",
    probabilities: out.probabilities ?? "",
    label: out.label ?? "",
    prediction: out.prediction ?? "",
    classes: out.classes.join(", "),
    transform: out.transform,
  };
}

/**
 * What Save sends: the mapping (null while nothing is mapped, so outputs can be saved first),
 * the output reading, and the target ("" clears it).
 */
export function ioRequest(
  inputs: IoInfo[],
  draft: IoDraft,
): { mapping: ColumnMapping | null; outputs: OutputSpec; target: string } {
  const bindings = inputs.map((i) => ({ input: i.name, columns: draft.columns[i.name] ?? [] }));
  const mapped = bindings.some((b) => b.columns.some((c) => c !== ""));
  const classes = draft.classes
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  return {
    mapping: mapped ? { inputs: bindings } : null,
    outputs: {
      task: draft.task,
      probabilities: draft.probabilities || null,
      label: draft.label || null,
      prediction: draft.prediction || null,
      classes,
      transform: draft.transform,
    },
    target: draft.target.trim(),
  };
}

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; error: ApiFailure };

/** Column mapping, target and output reading of an imported model, checked by the backend on Save. */
export function IoEditor({ model, inspection }: { model: ModelInfo; inspection: ModelInspection }) {
  const { t } = useT();
  const { datasets } = useDataStore();
  const { refresh } = useModelsStore();
  const list = datasets.kind === "loaded" ? datasets.items : [];
  const inputs = inspection.inspection.inputs;
  const outputNames = inspection.inspection.outputs.map((o) => o.name);
  const [draft, setDraft] = useState<IoDraft>(() => initialDraft(model, inspection));
  const [chosen, setChosen] = useState("");
  const [suggesting, setSuggesting] = useState(false);
  const [suggestError, setSuggestError] = useState<ApiFailure | null>(null);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const dataset = list.find((d) => datasetRef(d) === chosen) ?? list[0] ?? null;
  const columns = dataset?.columns.map((c) => c.name) ?? [];

  function update(patch: Partial<IoDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setSave({ kind: "idle" });
  }

  function setSlot(input: string, index: number, column: string) {
    const slots = [...(draft.columns[input] ?? [])];
    slots[index] = column;
    update({ columns: { ...draft.columns, [input]: slots } });
  }

  function resize(input: string, slots: string[]) {
    update({ columns: { ...draft.columns, [input]: slots } });
  }

  async function suggest() {
    if (!dataset) return;
    setSuggesting(true);
    setSuggestError(null);
    try {
      const mapping = await api.suggestMapping(model.id, datasetRef(dataset));
      if (alive.current) update({ columns: columnsFrom(inputs, mapping) });
    } catch (e) {
      if (alive.current) setSuggestError(toFailure(e));
    } finally {
      if (alive.current) setSuggesting(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const request = ioRequest(inputs, draft);
    setSave({ kind: "saving" });
    try {
      await api.setModelIo(model.id, request.mapping, request.outputs, request.target);
      if (!alive.current) return;
      setSave({ kind: "saved" });
      void refresh();
    } catch (err) {
      if (alive.current) setSave({ kind: "failed", error: toFailure(err) });
    }
  }

  /** The dataset's columns, plus `current` when it is not one of them (a mapping made on other data). */
  function columnOptions(current: string) {
    const names = current !== "" && !columns.includes(current) ? [current, ...columns] : columns;
    return names.map((c) => (
      <option key={c} value={c}>
        {c}
      </option>
    ));
  }

  return (
    <section className="models-section" aria-label={t("models.mapping")} data-testid="model-io">
      <h2 className="section-title">{t("models.mapping")}</h2>
      <form className="models-form" aria-label={t("models.mapping")} onSubmit={submit} data-testid="io-form">
        <div className="models-form-row">
          <SelectField
            label={t("models.mapping.dataset")}
            value={dataset ? datasetRef(dataset) : ""}
            onChange={setChosen}
            testId="io-dataset"
          >
            {list.map((d) => (
              <option key={d.id} value={datasetRef(d)}>
                {t("train.datasetOption", { name: d.name, version: d.version })}
              </option>
            ))}
          </SelectField>
          <div className="models-inline-actions">
            <button
              type="button"
              className="button"
              onClick={suggest}
              disabled={!dataset || suggesting}
              title={t("models.mapping.suggestTitle")}
              data-testid="io-suggest"
            >
              {suggesting ? t("models.mapping.suggesting") : t("models.mapping.suggest")}
            </button>
          </div>
        </div>
        {!dataset && <p className="muted small">{t("models.mapping.noDataset")}</p>}
        {suggestError && <ErrorMessage error={suggestError} />}
        {inputs.map((input) => {
          const slots = draft.columns[input.name] ?? [];
          const width = inputWidth(input);
          const head = t("models.mapping.input", { input: input.name, shape: shapeText(input.shape) });
          if (width === 1) {
            return (
              <SelectField
                key={input.name}
                label={head}
                value={slots[0] ?? ""}
                onChange={(v) => setSlot(input.name, 0, v)}
                testId={`io-column-${input.name}-0`}
              >
                <option value="">{t("models.mapping.unmapped")}</option>
                {columnOptions(slots[0] ?? "")}
              </SelectField>
            );
          }
          return (
            <fieldset className="models-fieldset" key={input.name} data-testid={`io-input-${input.name}`}>
              <legend>{head}</legend>
              <ol className="mapping-columns">
                {slots.map((column, k) => (
                  <li key={k}>
                    <label className="field">
                      <span>{t("models.mapping.slot", { index: k + 1 })}</span>
                      <select
                        value={column}
                        onChange={(e) => setSlot(input.name, k, e.target.value)}
                        aria-label={t("models.mapping.slotTitle", { input: input.name, index: k + 1 })}
                        data-testid={`io-column-${input.name}-${k}`}
                      >
                        <option value="">{t("models.mapping.unmapped")}</option>
                        {columnOptions(column)}
                      </select>
                    </label>
                  </li>
                ))}
              </ol>
              {width === null && (
                <div className="models-inline-actions">
                  <button type="button" className="button small-button" onClick={() => resize(input.name, [...slots, ""])}>
                    {t("models.mapping.addColumn")}
                  </button>
                  <button
                    type="button"
                    className="button small-button"
                    onClick={() => resize(input.name, slots.slice(0, -1))}
                    disabled={slots.length <= 1}
                  >
                    {t("models.mapping.removeColumn")}
                  </button>
                </div>
              )}
            </fieldset>
          );
        })}
        <SelectField label={t("models.mapping.target")} value={draft.target} onChange={(v) => update({ target: v })} testId="io-target">
          <option value="">{t("models.mapping.noTarget")}</option>
          {columnOptions(draft.target)}
        </SelectField>

        <fieldset className="models-fieldset">
          <legend>{t("models.outputs.title")}</legend>
          <div className="models-form-row">
            <SelectField label={t("models.outputs.task")} value={draft.task} onChange={(v) => update({ task: v as ModelTask })} testId="io-task">
              {MODEL_TASKS.map((task) => (
                <option key={task} value={task}>
                  {t(`train.task.${task}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t("models.outputs.transform")}
              value={draft.transform}
              onChange={(v) => update({ transform: v as ScoreTransform })}
              testId="io-transform"
            >
              {SCORE_TRANSFORMS.map((transform) => (
                <option key={transform} value={transform}>
                  {t(`models.transform.${transform}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="models-form-row">
            {(["probabilities", "label", "prediction"] as const).map((role) => (
              <SelectField
                key={role}
                label={t(`models.outputs.${role}`)}
                value={draft[role]}
                onChange={(v) => update({ [role]: v })}
                testId={`io-${role}`}
              >
                <option value="">{t("models.outputs.none")}</option>
                {outputNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
          <TextField
            label={t("models.outputs.classes")}
            value={draft.classes}
            onChange={(v) => update({ classes: v })}
            placeholder={t("models.outputs.classesPlaceholder")}
            spellCheck={false}
            testId="io-classes"
          />
        </fieldset>

        {save.kind === "failed" && (
          <div data-testid="io-error">
            <ErrorMessage error={save.error} />
          </div>
        )}
        <div className="models-actions">
          {save.kind === "saved" && (
            <span className="muted small" role="status" data-testid="io-saved">
              {t("models.mapping.saved")}
            </span>
          )}
          <button type="submit" className="button primary" disabled={save.kind === "saving"} data-testid="io-save">
            {save.kind === "saving" ? t("models.mapping.saving") : t("models.mapping.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
