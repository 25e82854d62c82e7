/** One labelled value of a `<dl>` (a result's or a model's facts): the label above, the value (its tooltip too) below. */
export function Meta({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={value} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
