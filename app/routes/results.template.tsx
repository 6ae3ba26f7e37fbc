import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { ledClass, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { PLAN_TEMPLATE_HEADERS } from "~/results/plan-file.server";
import { className } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";

export const access: RouteAccess = "write:results";

/** A ready-to-fill sheet in the accepted layout: the class's students and the school's subjects. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const schoolId = schoolOf(user);
  const schoolClass = await ledClass(user, new URL(request.url).searchParams.get("class") ?? "");
  const [students, subjects] = await Promise.all([listStudentsOfClasses(schoolId, [schoolClass._id]), listSubjects(schoolId)]);
  // Every subject of the school: columns a class does not study are simply left empty or deleted.
  const columns = subjects.map((s) => s.name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${className(schoolClass)} класс`);
  if (new URL(request.url).searchParams.get("dataset") === "plan") {
    // One row per subject: lessons planned and given in the period.
    sheet.addRow(PLAN_TEMPLATE_HEADERS).font = { bold: true };
    for (const name of columns) sheet.addRow([name]);
    sheet.getColumn(1).width = 36;
    const plan = new Uint8Array(await workbook.xlsx.writeBuffer());
    return new Response(plan, {
      headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `Выполнение плана ${className(schoolClass)}.xlsx`, "attachment", plan.length),
    });
  }
  sheet.addRow(["№", "ФИО", "Дата рождения", ...columns, "Уроков", "Пропущено", "Без уважительной причины"]);
  students.forEach((s, i) => sheet.addRow([i + 1, fullName(s), s.birthDate.toISOString().slice(0, 10).split("-").reverse().join(".")]));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(2).width = 36;
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: 1 }];
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return new Response(bytes, {
    headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `Ведомость ${className(schoolClass)}.xlsx`, "attachment", bytes.length),
  });
}
