// The start screen's way into the sample project: a welcome card on a first run, a smaller offer
// once there are recent projects, and the making's progress, error or cancellation in place.
import { ErrorMessage } from "../../components/ErrorMessage";
import { fractionOf, JobProgress } from "../../components/JobProgress";
import { LanguageSelect } from "../../components/LanguageSelect";
import { useT } from "../../i18n";
import { SAMPLE_STEPS, type SampleProgress, type SampleStep } from "../../lib/api";
import type { SampleState } from "./useSampleProject";

type SampleProps = { state: SampleState; disabled: boolean; onOpen: () => void; onCancel: () => void };

function isSampleStep(step: string): step is SampleStep {
  return (SAMPLE_STEPS as readonly string[]).includes(step);
}

/** First run: what ModelDesk is, the sample project as the way in, the language, and the theme. */
export function WelcomeCard(props: SampleProps) {
  const { t } = useT();
  return (
    <section className="card welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <h2 id="welcome-title">{t("start.welcome.title")}</h2>
      <p>{t("start.welcome.body")}</p>
      <SampleControl {...props} primary />
      <div className="welcome-prefs">
        <span className="welcome-language">
          <span className="muted small" aria-hidden="true">
            {t("language.label")}
          </span>
          <LanguageSelect testId="welcome-language" />
        </span>
        <span className="muted small">{t("start.welcome.theme")}</span>
      </div>
    </section>
  );
}

/** Once there are recent projects: the sample project, still one click away. */
export function SampleOffer(props: SampleProps) {
  const { t } = useT();
  return (
    <section className="start-sample" aria-label={t("start.sample.open")}>
      <SampleControl {...props} primary={false} hint={t("start.sample.offer")} />
    </section>
  );
}

/** The button (primary or not), or the making's progress with Cancel; then its error or cancellation. */
function SampleControl({ state, disabled, onOpen, onCancel, primary, hint }: SampleProps & { primary: boolean; hint?: string }) {
  const { t } = useT();
  if (state.kind === "running") {
    return <SampleRunning progress={state.progress} cancelling={state.cancelling} onCancel={onCancel} />;
  }
  return (
    <>
      <div className="start-sample-line">
        {hint && <span className="muted small">{hint}</span>}
        <button
          type="button"
          className={primary ? "button primary" : "button small-button"}
          disabled={disabled}
          onClick={onOpen}
          data-testid="open-sample"
        >
          {t("start.sample.open")}
        </button>
        {primary && <span className="muted small">{t("start.sample.hint")}</span>}
      </div>
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "cancelled" && (
        <p className="muted small" role="status" data-testid="sample-cancelled">
          {t("start.sample.cancelled")}
        </p>
      )}
    </>
  );
}

/** The step under way, named in words, with a bar over the steps and Cancel. */
function SampleRunning({ progress, cancelling, onCancel }: { progress: SampleProgress | null; cancelling: boolean; onCancel: () => void }) {
  const { t } = useT();
  const label = !progress
    ? t("start.sample.starting")
    : isSampleStep(progress.step)
      ? t(`start.sample.step.${progress.step}`)
      : t("start.busy");
  const total = progress?.total ?? null;
  return (
    <JobProgress
      testId="sample"
      label={label}
      fraction={progress ? fractionOf(progress.done, total) : null}
      cancelling={cancelling}
      onCancel={onCancel}
      cancelText={t("start.sample.cancel")}
      cancellingText={t("start.sample.cancelling")}
      extra={
        progress && total !== null ? (
          <span className="muted small" data-testid="sample-step-count">
            {t("start.sample.count", { step: Math.min(progress.done + 1, total), total })}
          </span>
        ) : undefined
      }
    />
  );
}
