import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableBox } from "~/components/table-box";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ACTION_LABELS } from "~/admin/forms";
import { AUDIT_PAGE_SIZE, auditFilterOf, auditLines, auditSearch } from "~/admin/audit-view.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Options } from "~/components/options";
import { formatDateTime, formatNumber } from "~/domain/format";

export const access: RouteAccess = "read:audit";
export const meta: MetaFunction = () => [{ title: "Журнал доступа — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "read:audit");
  const filter = auditFilterOf(new URL(request.url));
  const view = await auditLines(schoolOf(admin), filter, { limit: AUDIT_PAGE_SIZE, skip: (filter.page - 1) * AUDIT_PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(view.total / AUDIT_PAGE_SIZE));
  return {
    ...view,
    filter,
    pages,
    pageLinks: {
      previous: filter.page > 1 ? auditSearch(filter, filter.page - 1) : null,
      next: filter.page < pages ? auditSearch(filter, filter.page + 1) : null,
    },
    exportSearch: auditSearch(filter, 1),
  };
}

export default function AuditLog() {
  const { filter, users, lines, studentName, total, pages, pageLinks, exportSearch } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Журнал доступа и изменений</h1>
      <Form method="get" className="toolbar">
        <label>
          Кто
          <select name="user" defaultValue={filter.userId}>
            <option value="">все</option>
            <Options items={users} />
          </select>
        </label>
        <label>
          Действие
          <select name="action" defaultValue={filter.action}>
            <option value="">все</option>
            {Object.entries(ACTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          С
          <input type="date" name="from" defaultValue={filter.from} />
        </label>
        <label>
          По
          <input type="date" name="to" defaultValue={filter.to} />
        </label>
        {filter.studentId ? <input type="hidden" name="student" value={filter.studentId} /> : null}
        <button type="submit">Показать</button>
        <a className="button secondary" href={`/admin/audit.xlsx${exportSearch ? `?${exportSearch}` : ""}`}>
          Скачать XLSX
        </a>
      </Form>
      {studentName ? (
        <p>
          Только записи об обучающемся: <strong>{studentName}</strong> · <Link to="/admin/audit">все записи</Link>
        </p>
      ) : null}
      <p className="muted">
        Записей: {formatNumber(total, 0)}, новые сверху{pages > 1 ? `; страница ${filter.page} из ${pages}` : ""}. Журнал только дополняется.
      </p>
      {lines.length === 0 ? <p className="card">По этому отбору записей нет: измените даты или уберите отбор по человеку.</p> : null}
      {lines.length ? (
        <TableBox label="Записи журнала" className="audit-table">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Кто</th>
              <th>Действие</th>
              <th>Что</th>
              <th>Обучающийся</th>
              <th>Адрес</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.who}</td>
                <td>{e.action}</td>
                <td>
                  {e.what}
                  {e.changes.length ? (
                    <ul className="changes">
                      {e.changes.map((c, i) => (
                        <li key={i}>
                          {c.field}: <del>{c.was}</del> → <ins>{c.now}</ins>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>{e.studentId ? <Link to={`/admin/audit?student=${e.studentId}`}>{e.student || "—"}</Link> : ""}</td>
                <td className="muted">{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      ) : null}
      {pages > 1 ? (
        <nav aria-label="Страницы журнала" className="toolbar">
          {pageLinks.previous !== null ? <Link to={`/admin/audit?${pageLinks.previous}`}>← Новее</Link> : null}
          <span>
            Страница {filter.page} из {pages}
          </span>
          {pageLinks.next !== null ? <Link to={`/admin/audit?${pageLinks.next}`}>Старше →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
