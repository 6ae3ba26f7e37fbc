// What a page says where there is nothing yet: why, and what to do about it.
import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="card empty-state">
      <p className="empty-state__title">{title}</p>
      {children ? <div className="muted">{children}</div> : null}
    </div>
  );
}
