import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { fileHeaders } from "~/files/evidence-access.server";
import { qualifyingStudents } from "~/gifted/eligibility.server";
import { chosenYear } from "~/gifted/years.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "manage:gifted";

/** Who qualifies for the register this year, and on what: one row per qualifying result, for submission. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const schoolId = schoolOf(user);
  const { year } = await chosenYear(schoolId, request);
  const [{ rows }, school] = await Promise.all([qualifyingStudents(schoolId, year, null), getSchool(schoolId)]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("ГИР");
  sheet.addRow([`${school?.name ?? ""}: обучающиеся, проходящие в ГИР, ${year} учебный год`]).font = { bold: true, size: 13 };
  sheet.addRow([]);
  sheet.addRow(["№", "Класс", "Обучающийся", "Результат", "Дата", "Мероприятие по перечню", "Профиль", "Уровень", "Организатор", "Основание"]).font = { bold: true };
  rows.forEach((r, i) => sheet.addRow([i + 1, r.className, r.student, r.achievement, r.date, r.entry.event, r.entry.profile, r.entry.level ? LEVEL[r.entry.level] : "", r.entry.organiser, r.entry.act]));
  sheet.getColumn(5).numFmt = "dd.mm.yyyy";
  [5, 8, 36, 50, 12, 40, 16, 16, 24, 40].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  await audit(request, user, { action: "export", entity: "gifted", entityId: year, summary: `список ГИР ${year}: ${rows.length} строк` });
  return new Response(bytes, { headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `ГИР ${year.replace("/", "-")}.xlsx`, "attachment", bytes.length) });
}
