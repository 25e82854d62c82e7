/** Tags as small chips (`#churn`). */
export function TagList({ tags, testId }: { tags: readonly string[]; testId: string }) {
  return (
    <span className="chips" data-testid={testId}>
      {tags.map((tag) => (
        <span key={tag} className="badge">
          #{tag}
        </span>
      ))}
    </span>
  );
}
