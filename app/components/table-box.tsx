// The shared table: a table wider than its page scrolls inside its own box, never the page, with
// the first column fixed; the box is named and reachable by keyboard so it can be scrolled without
// a mouse. `stack` turns each row into a card on a phone instead (cells say their column's name).
import type { ReactNode } from "react";

export function TableBox({ label, stack, className, children }: { label: string; stack?: boolean; className?: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be focusable
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={["data", stack ? "stack-on-phone" : "sticky-first", className].filter(Boolean).join(" ")}>{children}</table>
    </div>
  );
}

/** A cell of a stacked table: on a phone it shows its column's name before the value. */
export function Cell({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <td data-label={label} className={className}>
      {children}
    </td>
  );
}
