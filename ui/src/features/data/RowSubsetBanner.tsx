// The line above the Data table while it shows a subset of the rows: which rows (a confusion-matrix
// cell of a run), and the way back to all of them.
import { useT } from "../../i18n";
import { formatCount } from "./format";
import { shortId, type RowSubset } from "./rowSubset";

export function RowSubsetBanner({ subset, onClear }: { subset: RowSubset; onClear: () => void }) {
  const { t, locale } = useT();
  const { origin } = subset;
  return (
    <div className="row-filter" role="status" data-testid="row-filter">
      <span className="row-filter-text" title={t("data.subset.run", { run: origin.run })}>
        {t("data.subset.confusion", {
          rows: formatCount(subset.rows.length, locale),
          part: t(`data.subset.part.${origin.part}`),
          actual: origin.actual,
          predicted: origin.predicted,
          run: shortId(origin.run),
        })}
      </span>
      <button type="button" className="button small-button" onClick={onClear} data-testid="row-filter-clear">
        {t("data.subset.clear")}
      </button>
    </div>
  );
}
