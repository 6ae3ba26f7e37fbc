// The audit log as the administration reads it, on the page and in its XLSX export: the same
// filter, people by name, each change «поле: было → стало».
import type { Types } from "mongoose";
import { ACTION_LABELS } from "~/admin/forms";
import { describeChange, personName } from "~/domain/audit-change";
import { schoolDayStart } from "~/domain/format";
import { isRecordId } from "~/forms";
import { AUDIT_ACTIONS, countAudit, listAudit, type AuditAction } from "~models/audit.server";
import { fullName, listStudentNames } from "~models/student.server";
import { listUsers } from "~models/user.server";

/** Lines on one page of the log. */
export const AUDIT_PAGE_SIZE = 100;
/** The most lines one export holds (a year of a school is well under it). */
export const AUDIT_EXPORT_MAX = 50_000;

export interface AuditPageFilter {
  userId: string;
  studentId: string;
  action: AuditAction | "";
  from: string;
  to: string;
  page: number;
}

/** «2026-11-23» from a date input, as the start of that day on the school's clock. */
function dayStart(value: string, plusDays = 0): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = schoolDayStart(value);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date;
}

export function auditFilterOf(url: URL): AuditPageFilter {
  const params = url.searchParams;
  const action = params.get("action") ?? "";
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    userId: isRecordId(params.get("user")) ? params.get("user")! : "",
    studentId: isRecordId(params.get("student")) ? params.get("student")! : "",
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? (action as AuditAction) : "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}

/** The filter as the page's address holds it (for the pages' and the export's links). */
export function auditSearch(filter: AuditPageFilter, page = filter.page) {
  const params = new URLSearchParams();
  if (filter.userId) params.set("user", filter.userId);
  if (filter.studentId) params.set("student", filter.studentId);
  if (filter.action) params.set("action", filter.action);
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}

/** The lines of the filter, `limit` from `skip`, in words; with the staff for the filter's list and the total. */
export async function auditLines(schoolId: Types.ObjectId, filter: AuditPageFilter, { limit, skip }: { limit: number; skip: number }) {
  const query = { userId: filter.userId, studentId: filter.studentId, action: filter.action || undefined, from: dayStart(filter.from), to: dayStart(filter.to, 1) };
  const [entries, total, users] = await Promise.all([listAudit(schoolId, query, { limit, skip }), countAudit(schoolId, query), listUsers(schoolId)]);
  const studentIds = [...new Set([...entries.map((e) => e.studentId).filter(Boolean).map(String), ...(filter.studentId ? [filter.studentId] : [])])];
  const students = await listStudentNames({ schoolId, studentIds });
  const names = new Map<string, string>([...users.map((u) => [String(u._id), fullName(u)] as const), ...students.map((s) => [String(s._id), fullName(s)] as const)]);
  return {
    total,
    users: users.map((u) => ({ id: String(u._id), name: fullName(u) })).sort((a, b) => a.name.localeCompare(b.name, "ru")),
    studentName: filter.studentId ? (names.get(filter.studentId) ?? null) : null,
    lines: entries.map((e) => ({
      id: String(e._id),
      at: e.at,
      who: personName(e.userName ?? ""),
      ip: e.ip ?? "",
      action: ACTION_LABELS[e.action as AuditAction] ?? e.action,
      what: e.summary || "—",
      studentId: e.studentId ? String(e.studentId) : "",
      student: e.studentId ? (names.get(String(e.studentId)) ?? "") : "",
      changes: e.before || e.after ? describeChange(e.before, e.after, names) : [],
    })),
  };
}
