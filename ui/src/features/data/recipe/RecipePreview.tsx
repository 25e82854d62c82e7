import { useT } from "../../../i18n";
import type { Cell, RecipePreview } from "../../../lib/api";
import { ErrorMessage } from "../../../components/ErrorMessage";
import { typeLabelKey } from "../DataTable";
import { formatCell, formatCount, isNumericType } from "../format";
import type { PreviewAnswer } from "./useRecipePreview";

/** "5,000 sample rows → 4,210 rows · 14 → 52 columns": what the recipe does to the preview's sample. */
export function PreviewSummary({ preview }: { preview: RecipePreview }) {
  const { t, locale } = useT();
  return (
    <p className="recipe-summary" data-testid="recipe-summary">
      {t("data.recipe.summary", {
        sample: formatCount(preview.sampleRows, locale),
        rows: formatCount(preview.window.totalRows, locale),
        before: formatCount(preview.columnsBefore, locale),
        after: formatCount(preview.window.columns.length, locale),
      })}
    </p>
  );
}

function PreviewCell({ cell, numeric }: { cell: Cell; numeric: boolean }) {
  const { t } = useT();
  if (cell === null) {
    return (
      <td className={`dt-null${numeric ? " dt-num" : ""}`} aria-label={t("data.table.null")}>
        —
      </td>
    );
  }
  const text = formatCell(cell);
  const isNum = typeof cell === "number" || (numeric && typeof cell === "string");
  return (
    <td className={`${isNum ? "dt-num" : ""}${typeof cell === "boolean" ? " dt-bool" : ""}`} title={text.length > 18 ? text : undefined}>
      {text}
    </td>
  );
}

/** The first prepared rows of a preview, in a small scrollable table (cells drawn as the data table draws them). */
export function PreviewTable({ preview }: { preview: RecipePreview }) {
  const { t } = useT();
  const { columns, rows } = preview.window;
  return (
    <div className="recipe-table-wrap" tabIndex={0} role="region" aria-label={t("data.recipe.previewTable")}>
      <table className="recipe-table" data-testid="recipe-preview-table">
        <thead>
          <tr>
            {columns.map((c) => {
              const key = typeLabelKey(c.type);
              return (
                <th key={c.name} className={isNumericType(c.type) ? "dt-num" : undefined} title={`${c.name} (${c.type})`} scope="col">
                  <span className="recipe-table-name">{c.name}</span>
                  <span className={`type-badge type-${c.type}`}>{key ? t(key) : c.type}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} data-testid="recipe-preview-row">
              {columns.map((c, i) => (
                <PreviewCell key={c.name} cell={row[i] ?? null} numeric={isNumericType(c.type)} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The preview of the recipe: the latest answer (its summary and rows, or its error), dimmed with
 * "Updating…" while newer steps wait for theirs. `answer` null: nothing previewed yet.
 */
export function RecipePreviewView({ answer, pending }: { answer: PreviewAnswer | null; pending: boolean }) {
  const { t } = useT();
  return (
    <div className={`recipe-preview${pending ? " recipe-preview-pending" : ""}`} data-testid="recipe-preview" aria-busy={pending}>
      {pending && (
        <p className="muted small" data-testid="recipe-updating">
          {t("data.recipe.updating")}
        </p>
      )}
      {answer &&
        (answer.ok ? (
          <>
            <PreviewSummary preview={answer.preview} />
            <PreviewTable preview={answer.preview} />
          </>
        ) : (
          <div data-testid="recipe-error">
            <ErrorMessage error={answer.error} />
          </div>
        ))}
    </div>
  );
}
