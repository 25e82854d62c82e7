import { useEffect, useRef, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { WarningIcon } from "../../components/icons";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { useT, type MessageKey } from "../../i18n";
import {
  api,
  toFailure,
  MAX_THREADS,
  OPTIMIZATIONS,
  PROVIDERS,
  type ApiFailure,
  type Optimization,
  type Provider,
  type RuntimeStatus,
  type SessionOptions,
} from "../../lib/api";
import { useRuntimeStatusChanged } from "./runtimeContext";

/** The settings as typed: thread counts stay strings until Save. */
export type RuntimeForm = { provider: Provider; intraThreads: string; interThreads: string; optimization: Optimization };

type Parsed = { ok: true; settings: SessionOptions } | { ok: false; problem: MessageKey };

function threads(text: string): number | null {
  const n = Number(text.trim() === "" ? Number.NaN : text);
  return Number.isInteger(n) && n >= 0 && n <= MAX_THREADS ? n : null;
}

export function parseRuntimeForm(form: RuntimeForm): Parsed {
  const intraThreads = threads(form.intraThreads);
  const interThreads = threads(form.interThreads);
  if (intraThreads === null || interThreads === null) return { ok: false, problem: "models.runtime.invalidThreads" };
  return { ok: true, settings: { provider: form.provider, intraThreads, interThreads, optimization: form.optimization } };
}

type LoadState = { kind: "loading" } | { kind: "loaded" } | { kind: "failed"; error: ApiFailure };
type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; status: RuntimeStatus } | { kind: "failed"; error: ApiFailure };

/** ONNX Runtime session settings (provider, threads, graph optimisation); Save updates the status bar. */
export function RuntimeSettings() {
  const { t } = useT();
  const runtimeChanged = useRuntimeStatusChanged();
  const [load, setLoad] = useState<LoadState>({ kind: "loading" });
  const [form, setForm] = useState<RuntimeForm>({ provider: "auto", intraThreads: "0", interThreads: "0", optimization: "all" });
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    api.runtimeSettings().then(
      (s) => {
        if (!alive.current) return;
        setForm({
          provider: s.provider,
          intraThreads: String(s.intraThreads),
          interThreads: String(s.interThreads),
          optimization: s.optimization,
        });
        setLoad({ kind: "loaded" });
      },
      (e: unknown) => alive.current && setLoad({ kind: "failed", error: toFailure(e) }),
    );
    return () => {
      alive.current = false;
    };
  }, []);

  const parsed = parseRuntimeForm(form);

  function update(patch: Partial<RuntimeForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setSave((s) => (s.kind === "saving" ? s : { kind: "idle" }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!parsed.ok) return;
    setSave({ kind: "saving" });
    try {
      const status = await api.setRuntimeSettings(parsed.settings);
      runtimeChanged(status);
      if (alive.current) setSave({ kind: "saved", status });
    } catch (err) {
      if (alive.current) setSave({ kind: "failed", error: toFailure(err) });
    }
  }

  const choice = save.kind === "saved" ? save.status.provider : null;
  return (
    <section className="models-runtime" aria-label={t("models.runtime")}>
      <h2 className="section-title">{t("models.runtime")}</h2>
      {load.kind === "loading" && <p className="muted small">{t("models.runtime.loading")}</p>}
      {load.kind === "failed" && <ErrorMessage error={load.error} />}
      {load.kind === "loaded" && (
        <form className="models-form" aria-label={t("models.runtime")} onSubmit={submit} data-testid="runtime-form">
          <SelectField
            label={t("models.runtime.provider")}
            value={form.provider}
            onChange={(v) => update({ provider: v as Provider })}
            testId="runtime-provider"
          >
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {t(`provider.${p}`)}
              </option>
            ))}
          </SelectField>
          <div className="models-form-row">
            <TextField
              label={t("models.runtime.intraThreads")}
              value={form.intraThreads}
              onChange={(v) => update({ intraThreads: v })}
              inputMode="numeric"
              testId="runtime-intra"
            />
            <TextField
              label={t("models.runtime.interThreads")}
              value={form.interThreads}
              onChange={(v) => update({ interThreads: v })}
              inputMode="numeric"
              testId="runtime-inter"
            />
          </div>
          <SelectField
            label={t("models.runtime.optimization")}
            value={form.optimization}
            onChange={(v) => update({ optimization: v as Optimization })}
            testId="runtime-optimization"
          >
            {OPTIMIZATIONS.map((o) => (
              <option key={o} value={o}>
                {t(`models.optimization.${o}`)}
              </option>
            ))}
          </SelectField>
          <p className="muted small">{t("models.runtime.threadsHint")}</p>
          {!parsed.ok && (
            <p className="models-invalid" data-testid="runtime-invalid">
              {t(parsed.problem)}
            </p>
          )}
          {save.kind === "failed" && <ErrorMessage error={save.error} />}
          {save.kind === "saved" && (
            <p className="muted small" role="status" data-testid="runtime-saved">
              {choice ? t("models.runtime.savedOn", { provider: t(`provider.${choice.active}`) }) : t("models.runtime.saved")}
            </p>
          )}
          {choice?.fallbackReason && (
            <p className="models-warning" data-testid="runtime-fallback">
              <WarningIcon size={13} />
              <span>{choice.fallbackReason}</span>
            </p>
          )}
          <div className="models-actions">
            <button type="submit" className="button primary" disabled={!parsed.ok || save.kind === "saving"} data-testid="runtime-save">
              {save.kind === "saving" ? t("models.runtime.saving") : t("models.runtime.save")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
