import { useId, useState, type KeyboardEvent } from "react";
import { useT } from "../../../i18n";
import type { ColumnInfo, StepOp } from "../../../lib/api";
import { CloseIcon } from "../../../components/icons";
import { typeLabelKey } from "../DataTable";
import { columnChoices } from "./recipeSteps";

/** "name (type)", as the column selects show a column. */
function useColumnLabel(): (c: ColumnInfo) => string {
  const { t } = useT();
  return (c) => {
    const key = typeLabelKey(c.type);
    return `${c.name} (${key ? t(key) : c.type})`;
  };
}

function ColumnOptions({ columns }: { columns: readonly ColumnInfo[] }) {
  const label = useColumnLabel();
  return (
    <>
      {columns.map((c) => (
        <option key={c.name} value={c.name}>
          {label(c)}
        </option>
      ))}
    </>
  );
}

/** A free-text column name with the known columns as suggestions (for when the list may be incomplete). */
function ColumnInput({ value, columns, onChange, testId, label }: { value: string; columns: readonly ColumnInfo[]; onChange: (v: string) => void; testId: string; label?: string }) {
  const { t } = useT();
  const listId = useId();
  return (
    <>
      <input
        type="text"
        list={listId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t("data.recipe.columnPlaceholder")}
        spellCheck={false}
        autoComplete="off"
        aria-label={label}
        data-testid={testId}
      />
      <datalist id={listId}>
        {columns.map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>
    </>
  );
}

/**
 * The column of a step: a select of the columns `columns` (those before the step) that suit `op`,
 * suggested ones first; a name typed freely when `open` (the list may lack columns an earlier step
 * adds) or when none suits.
 */
export function ColumnPicker({
  op,
  label,
  value,
  columns,
  open,
  onChange,
  testId,
}: {
  op: StepOp;
  label: string;
  value: string;
  columns: readonly ColumnInfo[];
  open: boolean;
  onChange: (column: string) => void;
  testId: string;
}) {
  const { t } = useT();
  const { preferred, other } = columnChoices(op, columns);
  const known = [...preferred, ...other].some((c) => c.name === value);
  return (
    <label className="field">
      <span>{label}</span>
      {open || preferred.length + other.length === 0 ? (
        <ColumnInput value={value} columns={columns} onChange={onChange} testId={testId} />
      ) : (
        <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
          {!known && <option value={value}>{value === "" ? t("data.recipe.pickColumn") : t("data.recipe.missingColumn", { name: value })}</option>}
          {other.length > 0 ? (
            <>
              <optgroup label={t("data.recipe.columnsSuggested")}>
                <ColumnOptions columns={preferred} />
              </optgroup>
              <optgroup label={t("data.recipe.columnsOther")}>
                <ColumnOptions columns={other} />
              </optgroup>
            </>
          ) : (
            <ColumnOptions columns={preferred} />
          )}
        </select>
      )}
    </label>
  );
}

/**
 * Several columns of a step (drop_columns, drop_duplicates): the chosen ones as removable chips,
 * then a select to add one of `columns`, or a name typed freely when `open`. `emptyText` is
 * shown while none is chosen.
 */
export function ColumnsPicker({
  label,
  value,
  columns,
  open,
  onChange,
  emptyText,
  testId,
}: {
  label: string;
  value: string[];
  columns: readonly ColumnInfo[];
  open: boolean;
  onChange: (columns: string[]) => void;
  emptyText: string;
  testId: string;
}) {
  const { t } = useT();
  const labelId = useId();
  const [typed, setTyped] = useState("");
  const left = columns.filter((c) => !value.includes(c.name));
  const add = (name: string) => {
    const trimmed = name.trim();
    if (trimmed !== "" && !value.includes(trimmed)) onChange([...value, trimmed]);
  };
  const addTyped = () => {
    add(typed);
    setTyped("");
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") {
      e.preventDefault();
      addTyped();
    }
  };

  return (
    <div className="field recipe-columns" role="group" aria-labelledby={labelId} data-testid={testId}>
      <span id={labelId}>{label}</span>
      <ul className="recipe-chips">
        {value.length === 0 && <li className="muted recipe-chips-empty">{emptyText}</li>}
        {value.map((name) => (
          <li key={name} className="recipe-chip" data-testid="step-column-chip">
            <span title={name}>{name}</span>
            <button
              type="button"
              className="icon-button"
              onClick={() => onChange(value.filter((v) => v !== name))}
              aria-label={t("data.recipe.removeColumn", { name })}
              title={t("data.recipe.removeColumn", { name })}
            >
              <CloseIcon size={12} />
            </button>
          </li>
        ))}
      </ul>
      {open ? (
        <div className="recipe-columns-add" onKeyDown={onKeyDown}>
          <ColumnInput value={typed} columns={left} onChange={setTyped} testId="step-columns-input" label={t("data.recipe.addColumn")} />
          <button type="button" className="button small-button" onClick={addTyped} disabled={typed.trim() === ""}>
            {t("data.recipe.add")}
          </button>
        </div>
      ) : (
        left.length > 0 && (
          <select value="" onChange={(e) => add(e.target.value)} aria-label={t("data.recipe.addColumn")} data-testid="step-columns-add">
            <option value="">{t("data.recipe.addColumn")}</option>
            <ColumnOptions columns={left} />
          </select>
        )
      )}
    </div>
  );
}
