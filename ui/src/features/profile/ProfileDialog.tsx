import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ErrorMessage } from "../../components/ErrorMessage";
import { TextField } from "../../components/TextField";
import { useAction } from "../../components/useAction";
import { useT } from "../../i18n";
import { api, type Profile } from "../../lib/api";

/** A `#rrggbb` colour, as the backend accepts it. */
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/**
 * "Who are you?": name (required), email and avatar colour, saved with `setProfile`. The backend
 * checks the fields and its refusal, shown inline, names the one at fault (the browser's own
 * checks are off, so every refusal reads the same). Escape or Later closes it unsaved.
 */
export function ProfileDialog({
  initial,
  onSaved,
  onDismiss,
}: {
  initial: Profile | null;
  onSaved: (profile: Profile) => void;
  onDismiss: () => void;
}) {
  const { t } = useT();
  const titleId = useId();
  const hintId = useId();
  const [name, setName] = useState(initial?.name ?? "");
  const [email, setEmail] = useState(initial?.email ?? "");
  const [colour, setColour] = useState(initial?.colour ?? "");
  const save = useAction();
  const dialog = useRef<HTMLDivElement>(null);
  // Read while rendering, before anything in the dialog takes the focus.
  const [before] = useState(() => document.activeElement);

  // The name field has the focus while the dialog is open; it goes back where it was after.
  useEffect(() => {
    dialog.current?.querySelector("input")?.focus();
    return () => {
      if (before instanceof HTMLElement) before.focus();
    };
  }, [before]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === "" || save.busy) return;
    void save.run(async () => {
      onSaved(await api.setProfile({ name: name.trim(), email: email.trim(), colour: colour.trim() }));
    });
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape") {
      e.stopPropagation();
      onDismiss();
    }
  }

  const swatch = colour.trim();
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={hintId}
        onKeyDown={onKeyDown}
        data-testid="profile-dialog"
      >
        <h2 id={titleId}>{t("profile.title")}</h2>
        <p id={hintId} className="muted small">
          {t("profile.hint")}
        </p>
        <form className="models-form" aria-labelledby={titleId} onSubmit={submit} noValidate>
          <TextField label={t("profile.name")} value={name} onChange={setName} testId="profile-name" spellCheck={false} />
          <TextField
            label={t("profile.email")}
            value={email}
            onChange={setEmail}
            type="email"
            placeholder={t("profile.emailPlaceholder")}
            spellCheck={false}
            testId="profile-email"
          />
          <div className="profile-colour">
            <TextField
              label={t("profile.colour")}
              value={colour}
              onChange={setColour}
              placeholder={t("profile.colourPlaceholder")}
              spellCheck={false}
              testId="profile-colour"
            />
            <span
              className="profile-swatch"
              style={HEX_COLOUR.test(swatch) ? { background: swatch } : undefined}
              aria-hidden="true"
            />
          </div>
          {save.error && <ErrorMessage error={save.error} />}
          <div className="models-actions">
            <button type="button" className="button" onClick={onDismiss} data-testid="profile-later">
              {t("profile.later")}
            </button>
            <button type="submit" className="button primary" disabled={name.trim() === "" || save.busy} data-testid="profile-save">
              {save.busy ? t("profile.saving") : t("profile.save")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
