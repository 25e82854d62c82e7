import type { ReactNode } from "react";

/** How far a job is (0..1), or null while the total is unknown (the bar then slides). */
export function fractionOf(done: number, total: number | null | undefined): number | null {
  return total != null && total > 0 ? Math.min(1, done / total) : null;
}

/** A progress bar: filled to `fraction` (0..1), or sliding (indeterminate) when it is null. */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  return (
    <div
      className={`progress${fraction === null ? " progress-indeterminate" : ""}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      aria-label={label}
    >
      <div className="progress-fill" style={fraction === null ? undefined : { width: `${fraction * 100}%` }} />
    </div>
  );
}

/**
 * A running job (training, explanation, batch prediction): the status text, an optional badge,
 * Cancel, and the progress bar. The test ids are `<testId>-progress`, `<testId>-progress-text`
 * and `<testId>-cancel`.
 */
export function JobProgress({
  testId,
  label,
  fraction,
  cancelling,
  onCancel,
  cancelText,
  cancellingText,
  extra,
  className,
}: {
  testId: string;
  label: string;
  fraction: number | null;
  cancelling: boolean;
  onCancel: () => void;
  cancelText: string;
  cancellingText: string;
  /** Shown between the text and Cancel (the training's live metric). */
  extra?: ReactNode;
  /** Added to `job-progress` on the outer element. */
  className?: string;
}) {
  return (
    <div className={className ? `job-progress ${className}` : "job-progress"} role="status" data-testid={`${testId}-progress`}>
      <div className="job-progress-line">
        <span className="job-progress-text" data-testid={`${testId}-progress-text`}>
          {label}
        </span>
        {extra}
        <button type="button" className="button small-button" onClick={onCancel} disabled={cancelling} data-testid={`${testId}-cancel`}>
          {cancelling ? cancellingText : cancelText}
        </button>
      </div>
      <ProgressBar fraction={fraction} label={label} />
    </div>
  );
}
