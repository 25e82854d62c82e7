import type { ReactNode } from "react";

/**
 * A row of tabs (`.tabs`) over one tab panel. Ids and test ids are `<prefix>-tab-<id>`; the panel
 * (`TabPanel` with the same prefix) is `<prefix>-tabpanel`.
 */
export function Tabs<T extends string>({
  prefix,
  tabs,
  active,
  onSelect,
  label,
  text,
}: {
  prefix: string;
  tabs: readonly T[];
  active: T;
  onSelect: (id: T) => void;
  /** The tab list's accessible name. */
  label: string;
  /** A tab's text. */
  text: (id: T) => string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((id) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`${prefix}-tab-${id}`}
          className="tab"
          aria-selected={active === id}
          aria-controls={`${prefix}-tabpanel`}
          onClick={() => onSelect(id)}
          data-testid={`${prefix}-tab-${id}`}
        >
          {text(id)}
        </button>
      ))}
    </div>
  );
}

/** The panel the `Tabs` of the same `prefix` control, labelled by the active tab. */
export function TabPanel({
  prefix,
  active,
  className,
  children,
}: {
  prefix: string;
  active: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <div className={className} role="tabpanel" id={`${prefix}-tabpanel`} aria-labelledby={`${prefix}-tab-${active}`}>
      {children}
    </div>
  );
}
