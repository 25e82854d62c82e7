import type { ReactNode } from "react";

/** A labelled `<select>` in the form style (`.field`); the options come as children. */
export function SelectField({
  label,
  value,
  onChange,
  testId,
  autoFocus,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  autoFocus?: boolean;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} autoFocus={autoFocus}>
        {children}
      </select>
    </label>
  );
}
