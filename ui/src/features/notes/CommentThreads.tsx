import { useCallback, useState, type FormEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TextAreaField } from "../../components/TextAreaField";
import { useAction } from "../../components/useAction";
import { useLoaded } from "../../components/useLoaded";
import { useFormatDate, useT } from "../../i18n";
import { api, type CommentInfo } from "../../lib/api";
import { groupThreads, type Thread } from "./notesText";

/**
 * The comment threads on an entity: a note (kind `note`, entity its id), or whatever else the
 * backend takes a reference to (a model by name or id, a dataset version as `name@version`, a run
 * id, a column as `DATASET:COLUMN`). Threads are one level deep: a first comment and its replies.
 * Each can be replied to and resolved or reopened.
 */
export function CommentThreads({ entityKind, entity }: { entityKind: string; entity: string | null }) {
  const { t } = useT();
  const load = useCallback(() => api.listComments(entityKind, entity), [entityKind, entity]);
  const { state, reload } = useLoaded(load);
  const threads = state.kind === "loaded" ? groupThreads(state.value) : [];

  const comment = async (replyTo: string | null, body: string) => {
    await api.addComment(entityKind, entity, replyTo, body);
    await reload();
  };

  return (
    <section className="comments" aria-label={t("comments.title")} data-testid="comments">
      <h2 className="section-title">{t("comments.title")}</h2>
      {state.kind === "loading" && <p className="muted small">{t("comments.loading")}</p>}
      {state.kind === "failed" && <ErrorMessage error={state.error} />}
      {state.kind === "loaded" && threads.length === 0 && <p className="muted small">{t("comments.empty")}</p>}
      {threads.length > 0 && (
        <ul className="comment-threads">
          {threads.map((thread) => (
            <li key={thread.first.id}>
              <CommentThread thread={thread} onReply={(body) => comment(thread.first.id, body)} onResolved={reload} />
            </li>
          ))}
        </ul>
      )}
      <CommentForm label={t("comments.new")} submitText={t("comments.add")} onSubmit={(body) => comment(null, body)} testId="comment-new" />
    </section>
  );
}

function CommentThread({
  thread,
  onReply,
  onResolved,
}: {
  thread: Thread;
  onReply: (body: string) => Promise<void>;
  onResolved: () => Promise<void>;
}) {
  const { t } = useT();
  const formatDate = useFormatDate();
  const resolve = useAction();
  const { first, replies } = thread;
  const resolved = first.resolvedAt !== null;

  function toggle() {
    void resolve.run(async () => {
      await api.resolveComment(first.id, !resolved);
      await onResolved();
    });
  }

  return (
    <article className={resolved ? "comment-thread comment-resolved" : "comment-thread"} data-testid="comment-thread">
      <Comment comment={first} />
      {replies.length > 0 && (
        <ul className="comment-replies" aria-label={t("comments.replies")}>
          {replies.map((reply) => (
            <li key={reply.id}>
              <Comment comment={reply} />
            </li>
          ))}
        </ul>
      )}
      <div className="models-inline-actions comment-thread-actions">
        {resolved && (
          <span className="muted small" data-testid="comment-resolved">
            {first.resolvedBy
              ? t("comments.resolvedBy", { name: first.resolvedBy, when: formatDate(first.resolvedAt ?? "") })
              : t("comments.resolved")}
          </span>
        )}
        <button type="button" className="button small-button" disabled={resolve.busy} onClick={toggle} data-testid="comment-resolve">
          {resolved ? t("comments.reopen") : t("comments.resolve")}
        </button>
      </div>
      {resolve.error && <ErrorMessage error={resolve.error} />}
      {!resolved && <CommentForm label={t("comments.reply")} submitText={t("comments.replySubmit")} onSubmit={onReply} testId="comment-reply" />}
    </article>
  );
}

function Comment({ comment }: { comment: CommentInfo }) {
  const formatDate = useFormatDate();
  return (
    <div className="comment" data-testid="comment">
      <div className="comment-meta small">
        <span className="comment-author">{comment.author}</span>
        <span className="muted">{formatDate(comment.createdAt)}</span>
      </div>
      {/* Sanitised by the backend (ammonia) before it is sent. */}
      <div className="note-body" dangerouslySetInnerHTML={{ __html: comment.html }} />
    </div>
  );
}

/** A Markdown box and its button; emptied once `onSubmit` succeeds, the error shown when it fails. */
function CommentForm({
  label,
  submitText,
  onSubmit,
  testId,
}: {
  label: string;
  submitText: string;
  onSubmit: (body: string) => Promise<void>;
  testId: string;
}) {
  const [body, setBody] = useState("");
  const send = useAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    if (body.trim() === "" || send.busy) return;
    void send.run(async () => {
      await onSubmit(body);
      setBody("");
    });
  }

  return (
    <form className="comment-form" aria-label={label} onSubmit={submit} data-testid={testId}>
      <TextAreaField label={label} value={body} onChange={setBody} rows={2} testId={`${testId}-body`} />
      {send.error && <ErrorMessage error={send.error} />}
      <div className="models-actions">
        <button type="submit" className="button small-button" disabled={body.trim() === "" || send.busy} data-testid={`${testId}-submit`}>
          {submitText}
        </button>
      </div>
    </form>
  );
}
