import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { Options } from "~/components/options";
import { formatDateTime, schoolDayStart } from "~/domain/format";
import { AUDIT_ACTIONS, listAudit, type AuditAction } from "~models/audit.server";
import { fullName, getStudentName, listStudentNames } from "~models/student.server";
import { listUsers } from "~models/user.server";
import { isRecordId } from "~/forms";

export const access: RouteAccess = "read:audit";
export const meta: MetaFunction = () => [{ title: "Журнал доступа — Реестр достижений" }];

const ACTION_LABELS: Record<AuditAction, string> = {
  read: "просмотр",
  create: "создание",
  update: "изменение",
  delete: "удаление",
  download: "скачивание файла",
  export: "выгрузка",
  login: "вход",
  logout: "выход",
  "login-failed": "неудачный вход",
};

/** «2026-11-23» from a date input, as the start of that day on the school's clock. */
function dayStart(value: string | null, plusDays = 0): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = schoolDayStart(value);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "read:audit");
  const schoolId = schoolOf(admin);
  const params = new URL(request.url).searchParams;
  const filter = {
    userId: params.get("user") ?? "",
    studentId: params.get("student") ?? "",
    action: (AUDIT_ACTIONS as readonly string[]).includes(params.get("action") ?? "") ? (params.get("action") as AuditAction) : undefined,
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
  const entries = await listAudit(schoolId, { ...filter, from: dayStart(filter.from), to: dayStart(filter.to, 1) }, 500);
  const users = await listUsers(schoolId);
  const studentIds = [...new Set(entries.map((e) => e.studentId).filter(Boolean).map(String))];
  const students = await listStudentNames({ schoolId, studentIds });
  const selectedStudent = isRecordId(filter.studentId) ? await getStudentName({ schoolId, studentId: filter.studentId }) : null;
  return {
    filter,
    users: users.map((u) => ({ id: String(u._id), name: `${fullName(u)} (${u.login})` })),
    studentName: selectedStudent ? fullName(selectedStudent) : null,
    entries: entries.map((e) => ({
      id: String(e._id),
      at: e.at,
      who: e.userName || "—",
      ip: e.ip,
      action: ACTION_LABELS[e.action as AuditAction] ?? e.action,
      what: e.summary || `${e.entity} ${e.entityId}`,
      student: e.studentId ? (students.find((s) => String(s._id) === String(e.studentId)) ?? null) : null,
      studentId: e.studentId ? String(e.studentId) : "",
      change: e.before || e.after ? JSON.stringify({ было: e.before, стало: e.after }) : "",
    })).map((e) => ({ ...e, student: e.student ? fullName(e.student) : "" })),
  };
}

export default function AuditLog() {
  const { filter, users, entries, studentName } = useLoaderData<typeof loader>();
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
          <select name="action" defaultValue={filter.action ?? ""}>
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
      </Form>
      {studentName ? <p>Только записи об обучающемся: <strong>{studentName}</strong></p> : null}
      <p className="muted">Показано записей: {entries.length} (не больше 500, новые сверху). Журнал только дополняется.</p>
      <table className="data">
        <thead>
          <tr>
            <th>Когда</th>
            <th>Кто</th>
            <th>Адрес</th>
            <th>Действие</th>
            <th>Что</th>
            <th>Обучающийся</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.who}</td>
              <td>{e.ip}</td>
              <td>{e.action}</td>
              <td>
                {e.what}
                {e.change ? <div className="muted" style={{ fontSize: "0.8rem", wordBreak: "break-all" }}>{e.change}</div> : null}
              </td>
              <td>{e.studentId ? <a href={`/admin/audit?student=${e.studentId}`}>{e.student || "—"}</a> : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
