import { Form, Link } from "@remix-run/react";
import { STATUS_LABELS } from "~/achievements/kinds";
import { KINDS, type Kind } from "~models/vocabulary/achievement-kinds";
import { formatDate } from "~/domain/format";
import { EvidenceThumbs } from "./evidence-thumbs";

type Status = keyof typeof STATUS_LABELS;
export interface AchievementListData {
  filter: { kind: string; year: string; status: string };
  total: number;
  byKind: { kind: string; label: string; n: number }[];
  byStatus: Record<string, number>;
  years: string[];
  items: { id: string; kind: Kind; kindLabel: string; title: string; date: string | Date; academicYear: string; status: Status; correction: boolean; files: { id: string; name: string; type: string; size: number }[] }[];
}

/** A student's achievements grouped by kind and school year, with filters and counts. */
export function AchievementList({ data, showStatus }: { data: AchievementListData; showStatus: boolean }) {
  const groups = new Map<string, AchievementListData["items"]>();
  for (const item of data.items) {
    const key = `${item.kindLabel}|${item.academicYear}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return (
    <>
      <div className="counts">
        <span className="badge">всего: {data.total}</span>
        {data.byKind.map((k) => (
          <span key={k.kind} className="badge">
            {k.label}: {k.n}
          </span>
        ))}
        {showStatus
          ? Object.entries(data.byStatus).map(([status, n]) => (
              <span key={status} className={`badge status-${status}`}>
                {STATUS_LABELS[status as Status]}: {n}
              </span>
            ))
          : null}
      </div>
      <Form method="get" className="toolbar">
        <label>
          Вид
          <select name="kind" defaultValue={data.filter.kind}>
            <option value="">все</option>
            {Object.entries(KINDS).map(([code, k]) => (
              <option key={code} value={code}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Учебный год
          <select name="year" defaultValue={data.filter.year}>
            <option value="">все</option>
            {data.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        {showStatus ? (
          <label>
            Состояние
            <select name="status" defaultValue={data.filter.status}>
              <option value="">все</option>
              {Object.entries(STATUS_LABELS).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="secondary">
          Показать
        </button>
      </Form>
      {data.items.length === 0 ? <p className="muted">Достижений не найдено.</p> : null}
      {[...groups.entries()].map(([key, items]) => {
        const [kindLabel, year] = key.split("|");
        return (
          <section key={key} className="achievement-group card">
            <h3 style={{ margin: "0 0 0.5rem" }}>
              {kindLabel} <span className="muted">· {year}</span>
            </h3>
            {items.map((a) => (
              <div key={a.id} className="achievement-row">
                <div className="achievement-row__main">
                  <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                  <div className="muted">
                    {formatDate(a.date)}
                    {showStatus ? (
                      <>
                        {" "}
                        · <span className={`badge status-${a.status}`}>{STATUS_LABELS[a.status]}</span>
                        {a.correction ? " · исправление" : ""}
                      </>
                    ) : null}
                  </div>
                </div>
                <EvidenceThumbs files={a.files} small />
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}
