// Ready-to-fill sheets in the layouts the import accepts: the class's students and the school's
// subjects, so that a class teacher only types the marks.
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { subjectsOfGrade } from "~/domain/curriculum";
import { getYear } from "~models/academic-year.server";
import type { Types } from "mongoose";
import { className, type SchoolClass } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { PLAN_TEMPLATE_HEADERS } from "./plan-file.server";

/** The sheet for a class's period marks, or with `dataset` "plan" for its plan delivery: its bytes and file name. */
export async function classTemplate({ schoolId, schoolClass, dataset }: { schoolId: Types.ObjectId; schoolClass: SchoolClass; dataset: string | null }) {
  const [students, subjects, year] = await Promise.all([listStudentsOfClasses(schoolId, [schoolClass._id]), listSubjects(schoolId), getYear({ schoolId, yearId: schoolClass.yearId })]);
  // The subjects of the grade's curriculum (every subject of the school while it is not set: columns
  // a class does not study are then simply left empty or deleted).
  const columns = (year ? subjectsOfGrade(year, schoolClass.grade, subjects) : subjects).map((s) => s.name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${className(schoolClass)} класс`);
  if (dataset === "plan") {
    // One row per subject: lessons planned and given in the period.
    sheet.addRow(PLAN_TEMPLATE_HEADERS).font = { bold: true };
    for (const name of columns) sheet.addRow([name]);
    sheet.getColumn(1).width = 36;
    return { bytes: await xlsxBytes(workbook), fileName: `Выполнение плана ${className(schoolClass)}.xlsx` };
  }
  sheet.addRow(["№", "ФИО", "Дата рождения", ...columns, "Уроков", "Пропущено", "Без уважительной причины"]);
  students.forEach((s, i) => sheet.addRow([i + 1, fullName(s), s.birthDate.toISOString().slice(0, 10).split("-").reverse().join(".")]));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn(2).width = 36;
  sheet.views = [{ state: "frozen", xSplit: 2, ySplit: 1 }];
  return { bytes: await xlsxBytes(workbook), fileName: `Ведомость ${className(schoolClass)}.xlsx` };
}
