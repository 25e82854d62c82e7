import type { PickKind } from "../lib/api";
import { BrowseButton } from "./BrowseButton";
import { TextField } from "./TextField";

/** A labelled path input with its Browse… button beside it (`.path-row`); see `TextField` and `BrowseButton`. */
export function PathField({
  label,
  value,
  onChange,
  placeholder,
  testId,
  inputDisabled,
  kind,
  browseTitle,
  onPick = onChange,
  onError,
  disabled,
  browseTestId,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** The input's test id. */
  testId: string;
  /** Disables the input itself (Browse… follows `disabled`). */
  inputDisabled?: boolean;
  kind: PickKind;
  /** The open dialog's title, already translated. */
  browseTitle: string;
  /** Gets the path chosen with Browse…; `onChange` unless told. */
  onPick?: (path: string) => void;
  onError: (error: unknown) => void;
  /** Disables Browse… (its form is busy). */
  disabled?: boolean;
  browseTestId: string;
  /** Added to `path-row` on the row (for layout). */
  className?: string;
}) {
  return (
    <div className={className ? `path-row ${className}` : "path-row"}>
      <TextField
        label={label}
        value={value}
        onChange={onChange}
        placeholder={placeholder}
        spellCheck={false}
        disabled={inputDisabled}
        testId={testId}
      />
      <BrowseButton kind={kind} title={browseTitle} onPick={onPick} onError={onError} disabled={disabled} testId={browseTestId} />
    </div>
  );
}
