/** A labelled multi-line text box in the form style (`.field`): the label above, the box below. */
export function TextAreaField({
  label,
  value,
  onChange,
  testId,
  rows,
  placeholder,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  rows?: number;
  placeholder?: string;
  /** Added to `field` on the label (for layout). */
  className?: string;
}) {
  return (
    <label className={className ? `field ${className}` : "field"}>
      <span>{label}</span>
      <textarea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={rows ?? 3}
        placeholder={placeholder}
        data-testid={testId}
      />
    </label>
  );
}
