// The top of a page: the way back, the title, and the page's actions (the first is its main one).
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

export function PageHeader({ title, back, children }: { title: ReactNode; back?: { to: string; label: string }; children?: ReactNode }) {
  return (
    <header className="page-header">
      {back ? (
        <p className="page-header__back">
          <Link to={back.to}>← {back.label}</Link>
        </p>
      ) : null}
      <h1>{title}</h1>
      {children ? <div className="page-header__actions">{children}</div> : null}
    </header>
  );
}
