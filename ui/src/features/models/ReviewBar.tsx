import { useCallback, useState } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT, type TFunction } from "../../i18n";
import {
  api,
  REVIEW_STATES,
  type ModelInfo,
  type ReviewAction,
  type ReviewEventInfo,
  type ReviewInfo,
  type ReviewState,
} from "../../lib/api";

/** Event actions as the log records them (`reject` is recorded as `request_changes`). */
const EVENT_ACTIONS = ["request", "approve", "request_changes", "withdraw"] as const;
type EventAction = (typeof EVENT_ACTIONS)[number];

/** The badge style of each state. */
const STATE_BADGE: Record<ReviewState, string> = {
  draft: "badge",
  in_review: "badge accent",
  approved: "badge ok",
  changes_requested: "badge warning",
};

function isState(state: string): state is ReviewState {
  return (REVIEW_STATES as readonly string[]).includes(state);
}

/** A review state's name; states the UI does not know stay as sent. */
export function stateLabel(state: string, t: TFunction): string {
  return isState(state) ? t(`models.review.state.${state}`) : state;
}

function actionLabel(action: string, t: TFunction): string {
  return (EVENT_ACTIONS as readonly string[]).includes(action) ? t(`models.review.event.${action as EventAction}`) : action;
}

/** Reviewers as typed: comma-separated names, blanks dropped. */
export function parseReviewers(text: string): string[] {
  return text
    .split(",")
    .map((name) => name.trim().replace(/^@/, ""))
    .filter((name) => name !== "");
}

/**
 * A model's review: where it stands, the decision, who reviews it, what can be done now (request a
 * review; or approve, ask for changes, withdraw while it is in review) and every step so far. The
 * backend decides who may do what; its refusal is shown.
 */
export function ReviewBar({ model }: { model: ModelInfo }) {
  const { t } = useT();
  const load = useCallback(() => api.modelReview(model.id), [model.id]);
  const { state, set } = useLoaded(load);

  return (
    <section className="models-section review-bar" aria-label={t("models.review")} data-testid="review-bar">
      <div className="table-title">
        <h2 className="section-title">{t("models.review")}</h2>
        {state.kind === "loaded" && (
          <span className={STATE_BADGE[isState(state.value.state) ? state.value.state : "draft"]} data-testid="review-state">
            {stateLabel(state.value.state, t)}
          </span>
        )}
      </div>
      {state.kind === "loading" && <p className="muted small">{t("models.review.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && (
        <>
          <ReviewSummary review={state.value} />
          <ReviewActions model={model} review={state.value} onReviewed={set} />
          {state.value.events.length > 0 && <ReviewLog events={state.value.events} />}
        </>
      )}
    </section>
  );
}

function ReviewSummary({ review }: { review: ReviewInfo }) {
  const { t } = useT();
  return (
    <div className="review-summary small">
      {review.decision && <p data-testid="review-decision">{review.decision}</p>}
      {review.requestedBy && (
        <p className="muted" data-testid="review-requested">
          {t("models.review.requestedBy", { name: review.requestedBy })}
        </p>
      )}
      {review.reviewers.length > 0 && (
        <p className="muted" data-testid="review-reviewers">
          {t("models.review.reviewers", { names: review.reviewers.join(", ") })}
        </p>
      )}
    </div>
  );
}

/** What can be done in this state: request a review, or decide (or withdraw) one in review. */
function ReviewActions({
  model,
  review,
  onReviewed,
}: {
  model: ModelInfo;
  review: ReviewInfo;
  onReviewed: (review: ReviewInfo) => void;
}) {
  const { t } = useT();
  const [reviewers, setReviewers] = useState("");
  const [comment, setComment] = useState("");
  const act = useAction();
  const inReview = review.state === "in_review";

  function run(action: ReviewAction) {
    void act.run(async () => {
      onReviewed(await api.reviewModel(model.id, action, action === "request" ? parseReviewers(reviewers) : [], comment.trim()));
      setReviewers("");
      setComment("");
    });
  }

  const button = (action: ReviewAction, text: string, options: { primary?: boolean; disabled?: boolean } = {}) => (
    <button
      type="button"
      className={options.primary ? "button primary small-button" : "button small-button"}
      disabled={act.busy || options.disabled === true}
      onClick={() => run(action)}
      data-testid={`review-${action}`}
    >
      {text}
    </button>
  );

  const noComment = comment.trim() === "";
  return (
    <div className="review-actions">
      <div className={inReview ? "models-form-row review-fields-one" : "models-form-row"}>
        {!inReview && (
          <TextField
            label={t("models.review.reviewersField")}
            value={reviewers}
            onChange={setReviewers}
            placeholder={t("models.review.reviewersPlaceholder")}
            spellCheck={false}
            testId="review-reviewers-input"
          />
        )}
        <TextField
          label={t("models.review.comment")}
          value={comment}
          onChange={setComment}
          placeholder={inReview ? t("models.review.commentDecide") : t("models.review.commentRequest")}
          testId="review-comment"
        />
      </div>
      <div className="models-inline-actions">
        {inReview ? (
          <>
            {button("approve", t("models.review.approve"), { primary: true })}
            {button("reject", t("models.review.reject"), { disabled: noComment })}
            {button("withdraw", t("models.review.withdraw"))}
            {noComment && <span className="muted small">{t("models.review.rejectNeedsComment")}</span>}
          </>
        ) : (
          button("request", review.state === "draft" ? t("models.review.request") : t("models.review.requestAgain"), { primary: true })
        )}
      </div>
      {act.error && (
        <div data-testid="review-error">
          <ErrorMessage error={act.error} />
        </div>
      )}
    </div>
  );
}

/** Every step of the review, oldest first, folded away until asked for. */
function ReviewLog({ events }: { events: ReviewEventInfo[] }) {
  const { t } = useT();
  const formatDate = useFormatDate();
  return (
    <details className="models-nodes review-log" data-testid="review-log">
      <summary>{t("models.review.log", { count: events.length })}</summary>
      <ol className="review-events">
        {events.map((e, i) => (
          <li key={i} data-testid="review-event">
            <span className="review-event-what">
              {t("models.review.eventLine", { author: e.author, action: actionLabel(e.action, t), state: stateLabel(e.state, t) })}
            </span>
            <span className="muted small"> · {formatDate(e.createdAt)}</span>
            {e.comment && <div className="muted small review-event-comment">{e.comment}</div>}
          </li>
        ))}
      </ol>
    </details>
  );
}
