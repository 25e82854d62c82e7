import { useT, type TFunction } from "../../i18n";
import type { BundleFile, BundlePreview } from "../../lib/api";
import { sampleTable } from "./csv";

/** How many hex digits of an entry's SHA-256 are shown (the whole one is its tooltip). */
const SHA_DIGITS = 12;

/** An entry's size in KB (two decimals at most, so small entries do not read as 0). */
function kilobytes(bytes: number, t: TFunction, locale: string): string {
  const value = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(bytes / 1024);
  return t("unit.kb", { value });
}

/** What the bundle of `model` will hold: the privacy notice, the card, the entries and the sample rows. */
export function BundlePreviewView({ model, preview }: { model: string; preview: BundlePreview }) {
  const { t } = useT();
  return (
    <section className="models-section export-preview" aria-label={t("export.previewTitle", { model })} data-testid="bundle-preview-result">
      <h2 className="section-title">{t("export.previewTitle", { model })}</h2>
      <p className="muted small" data-testid="bundle-shap">
        {preview.hasShap ? t("export.shapIncluded") : t("export.shapLeftOut")}
      </p>
      {preview.withheldColumns.length > 0 && (
        <p className="export-withheld" role="note" data-testid="bundle-withheld">
          {t("export.withheld", { columns: preview.withheldColumns.join(", ") })}
        </p>
      )}
      <h3 className="export-subtitle">{t("export.card")}</h3>
      <pre className="export-card" tabIndex={0} aria-label={t("export.card")} data-testid="bundle-card">
        {preview.cardMarkdown}
      </pre>
      <h3 className="export-subtitle">{t("export.entries")}</h3>
      <BundleEntries files={preview.manifest.files} />
      <h3 className="export-subtitle">{t("export.samples")}</h3>
      <SampleRows csv={preview.samplesCsv} />
    </section>
  );
}

function BundleEntries({ files }: { files: BundleFile[] }) {
  const { t, locale } = useT();
  return (
    <table className="model-table" data-testid="bundle-entries">
      <thead>
        <tr>
          <th scope="col">{t("export.entryPath")}</th>
          <th scope="col">{t("export.entrySize")}</th>
          <th scope="col">{t("export.entrySha")}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path} data-testid="bundle-entry">
            <td className="models-mono">{f.path}</td>
            <td className="models-number">{kilobytes(f.bytes, t, locale)}</td>
            <td className="models-mono" title={f.sha256}>
              {f.sha256.slice(0, SHA_DIGITS)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The sample rows the card carries (as the backend's CSV has them). */
function SampleRows({ csv }: { csv: string }) {
  const { t } = useT();
  const { columns, rows } = sampleTable(csv);
  if (rows.length === 0) return <p className="muted small" data-testid="bundle-no-samples">{t("export.noSamples")}</p>;
  return (
    <div className="export-samples">
      <table className="model-table" data-testid="bundle-samples">
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {columns.map((_, i) => (
                <td key={i}>{row[i] ?? ""}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
