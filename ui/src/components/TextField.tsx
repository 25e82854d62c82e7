import type { HTMLAttributes } from "react";

/** A labelled text input in the form style (`.field`): the label above, the input below. */
export function TextField({
  label,
  value,
  onChange,
  testId,
  inputMode,
  placeholder,
  spellCheck,
  className,
  type,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  inputMode?: HTMLAttributes<HTMLInputElement>["inputMode"];
  placeholder?: string;
  spellCheck?: boolean;
  /** Added to `field` on the label (for layout). */
  className?: string;
  /** `text` unless told (`email`, `search`). */
  type?: "text" | "email" | "search";
  disabled?: boolean;
}) {
  return (
    <label className={className ? `field ${className}` : "field"}>
      <span>{label}</span>
      <input
        type={type ?? "text"}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode={inputMode}
        placeholder={placeholder}
        spellCheck={spellCheck}
        autoComplete="off"
        disabled={disabled}
        data-testid={testId}
      />
    </label>
  );
}
