import { useState, type FormEvent } from "react";
import { PathField } from "../../components/PathField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useAction } from "../../components/useAction";
import { useT } from "../../i18n";
import { api, type ModelInfo } from "../../lib/api";
import { useModelsStore } from "../models/modelsStore";

/**
 * Path → Import a `.mdbundle`; a file chosen with Browse… is imported at once, as a dropped one
 * is. The model it brings joins the list and is selected in the Models panel; a damaged bundle,
 * or one from a newer ModelDesk, is refused with the backend's reason.
 */
export function BundleImport() {
  const { t } = useT();
  const { refresh, select } = useModelsStore();
  const [path, setPath] = useState("");
  const [imported, setImported] = useState<ModelInfo | null>(null);
  const [pickError, setPickError] = useState<unknown>(null);
  const { busy, error, run } = useAction();
  const shownError = pickError ?? error;

  async function importBundle(p: string) {
    if (p === "" || busy) return;
    setImported(null);
    setPickError(null);
    await run(async () => {
      const model = await api.importModelBundle(p);
      setImported(model);
      await refresh();
      select(model.id);
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void importBundle(path.trim());
  }

  function choose(p: string) {
    setPath(p);
    void importBundle(p);
  }

  return (
    <form className="explain-form export-import" aria-label={t("export.import.title")} onSubmit={submit}>
      <h2 className="section-title">{t("export.import.title")}</h2>
      <PathField
        label={t("export.import.path")}
        value={path}
        onChange={setPath}
        placeholder={t("export.import.pathPlaceholder")}
        testId="bundle-import-path"
        kind="model_file"
        browseTitle={t("export.import.browseTitle")}
        onPick={choose}
        onError={setPickError}
        disabled={busy}
        browseTestId="bundle-import-browse"
      />
      <div className="explain-actions">
        <button type="submit" className="button" disabled={busy || path.trim() === ""} data-testid="bundle-import">
          {busy ? t("export.import.running") : t("export.import.submit")}
        </button>
      </div>
      {shownError !== null && (
        <div data-testid="bundle-import-error">
          <ErrorMessage error={shownError} />
        </div>
      )}
      {imported && shownError === null && (
        <p className="export-done" role="status" data-testid="bundle-imported">
          {t("export.import.done", { name: imported.name })}
        </p>
      )}
    </form>
  );
}
