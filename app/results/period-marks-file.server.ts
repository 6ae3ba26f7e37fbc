// A class's period marks as the journal exports them (сводная ведомость): one row per student,
// the student's name in the first named column, one column per subject, and optionally the
// lessons and absences. The file is checked whole; every problem has its row, column and reason.
import type { Types } from "mongoose";
import { parseMark } from "~/domain/marks";
import { type PeriodMark } from "~models/vocabulary/marks";
import { headerKey, type FileProblem, type Table } from "~/files/table-file.server";
import { nameKey } from "~/domain/names";
import type { ResultRow } from "~models/results.server";
import type { Assessment } from "~models/vocabulary/curriculum";

export interface ClassContext {
  grade: number;
  className: string;
  students: { _id: Types.ObjectId; lastName: string; firstName: string; middleName?: string | null; birthDate: Date }[];
  subjects: { _id: Types.ObjectId; name: string; shortName?: string | null }[];
  /** The class's curriculum when the school has set it: each subject studied and how it is assessed. */
  studied?: Map<string, Assessment> | null;
}

const NAME_HEADERS = ["фио", "ф и о", "ф.и.о", "обучающийся", "ученик", "учащийся", "фамилия имя отчество", "фамилия, имя, отчество"];
const IGNORED = ["№", "№ п/п", "n", "номер"];
const ATTENDANCE: Record<string, "lessons" | "absences" | "unexcused" | "excused"> = {
  уроков: "lessons", "всего уроков": "lessons", "проведено уроков": "lessons",
  пропущено: "absences", "пропущено уроков": "absences", "всего пропущено": "absences", пропуски: "absences",
  "без уважительной причины": "unexcused", "без уважительной": "unexcused", "по неуважительной причине": "unexcused", "без уваж": "unexcused", "неуваж": "unexcused",
  "по уважительной причине": "excused", "по уважительной": "excused", уваж: "excused",
};

export function checkPeriodMarks(table: Table, context: ClassContext): { rows: ResultRow[]; problems: FileProblem[]; missing: string[] } {
  const problems: FileProblem[] = [];
  const keyed = table.headers.map((h) => headerKey(h).replace(/[.:]/g, "").trim());
  const nameColumn = keyed.findIndex((h) => NAME_HEADERS.includes(h));
  const birthColumn = keyed.findIndex((h) => h === "дата рождения");
  if (nameColumn < 0) {
    return { rows: [], problems: [{ row: 1, column: table.headers[0] ?? "", message: "нет столбца с ФИО обучающегося («ФИО» или «Обучающийся»)" }], missing: [] };
  }
  const subjectByKey = new Map<string, ClassContext["subjects"][number]>();
  for (const s of context.subjects) {
    subjectByKey.set(nameKey(s.name), s);
    if (s.shortName) subjectByKey.set(nameKey(s.shortName), s);
  }
  const columns: { index: number; header: string; subject?: Types.ObjectId; attendance?: (typeof ATTENDANCE)[string] }[] = [];
  keyed.forEach((key, index) => {
    if (index === nameColumn || index === birthColumn || key === "" || IGNORED.includes(key)) return;
    const header = table.headers[index];
    const attendance = ATTENDANCE[key];
    const subject = subjectByKey.get(nameKey(header));
    if (attendance) columns.push({ index, header, attendance });
    else if (subject) {
      if (columns.some((c) => c.subject && String(c.subject) === String(subject._id))) problems.push({ row: 1, column: header, message: `предмет «${subject.name}» указан дважды` });
      else if (context.studied && !context.studied.has(String(subject._id))) problems.push({ row: 1, column: header, message: `«${subject.name}» не изучается в ${context.grade} классе по учебному плану` });
      else columns.push({ index, header, subject: subject._id });
    } else problems.push({ row: 1, column: header, message: `неизвестный предмет «${header}»: такого нет в списке предметов школы` });
  });

  const byName = new Map<string, ClassContext["students"]>();
  for (const s of context.students) {
    const key = nameKey([s.lastName, s.firstName, s.middleName].filter(Boolean).join(" "));
    byName.set(key, [...(byName.get(key) ?? []), s]);
  }
  const assessmentOf = (subjectId: Types.ObjectId) => context.studied?.get(String(subjectId)) ?? null;
  const seen = new Map<string, number>();
  const rows: ResultRow[] = [];
  for (const { row, cells } of table.rows) {
    const problem = (index: number, message: string) => problems.push({ row, column: table.headers[index] ?? "", message });
    const name = cells[nameColumn] ?? "";
    if (!name.trim()) {
      problem(nameColumn, "не указано ФИО");
      continue;
    }
    let candidates = byName.get(nameKey(name)) ?? [];
    if (candidates.length > 1 && birthColumn >= 0) {
      const birth = (cells[birthColumn] ?? "").trim();
      candidates = candidates.filter((s) => [s.birthDate.toISOString().slice(0, 10), s.birthDate.toISOString().slice(0, 10).split("-").reverse().join(".")].includes(birth));
    }
    if (candidates.length === 0) {
      problem(nameColumn, `обучающегося «${name.trim()}» нет в ${context.className} классе`);
      continue;
    }
    if (candidates.length > 1) {
      problem(nameColumn, `в ${context.className} классе несколько обучающихся «${name.trim()}»: добавьте столбец «Дата рождения»`);
      continue;
    }
    const student = candidates[0];
    const id = String(student._id);
    if (seen.has(id)) {
      problem(nameColumn, `повторяет строку ${seen.get(id)}`);
      continue;
    }
    seen.set(id, row);
    const result: ResultRow = { studentId: student._id, marks: [], lessons: null, absences: null, unexcused: null };
    let excused: number | null = null;
    for (const column of columns) {
      const cell = cells[column.index] ?? "";
      if (column.subject) {
        const mark = parseMark(cell);
        if (mark === null) continue;
        if (typeof mark === "object") problem(column.index, mark.error);
        else if (context.grade === 1 && mark !== "exempt") problem(column.index, "в 1 классе отметки не выставляются");
        else if (assessmentOf(column.subject) === "pass" && typeof mark === "number") problem(column.index, `«${cell.trim()}»: по этому предмету учебный план предусматривает зачёт — «зач» или «незач»`);
        else if (assessmentOf(column.subject) === "marks" && (mark === "pass" || mark === "fail")) problem(column.index, `«${cell.trim()}»: по этому предмету ставятся отметки 1–5`);
        else result.marks.push({ subjectId: column.subject, mark: mark as PeriodMark });
      } else if (column.attendance && cell.trim() !== "") {
        const value = Number(cell.replace(",", "."));
        if (!Number.isInteger(value) || value < 0 || value > 5000) problem(column.index, `«${cell}» — нужно целое число уроков`);
        else if (column.attendance === "excused") excused = value;
        else result[column.attendance] = value;
      }
    }
    if (result.absences === null && excused !== null) result.absences = excused + (result.unexcused ?? 0);
    if (result.unexcused !== null && result.absences !== null && result.unexcused > result.absences) {
      problems.push({ row, column: "", message: "пропусков без уважительной причины больше, чем всех пропусков" });
    }
    if (result.lessons !== null && result.absences !== null && result.absences > result.lessons) {
      problems.push({ row, column: "", message: "пропущено больше уроков, чем проведено" });
    }
    rows.push(result);
  }
  if (table.rows.length === 0) problems.push({ row: 2, column: "", message: "в файле нет ни одной строки с обучающимися" });
  const missing = context.students.filter((s) => !seen.has(String(s._id))).map((s) => `${s.lastName} ${s.firstName}`);
  problems.sort((a, b) => a.row - b.row);
  return { rows, problems, missing };
}

/** Two sets of rows say the same (the same file imported again changes nothing). */
export function sameResults(a: readonly ResultRow[], b: readonly ResultRow[]): boolean {
  const canonical = (rows: readonly ResultRow[]) =>
    JSON.stringify(
      [...rows]
        .map((r) => ({
          s: String(r.studentId),
          m: r.marks.map((m) => `${m.subjectId}=${m.mark}`).sort(),
          w: (r.works ?? []).map((w) => `${w.subjectId}|${w.title}|${w.kind}|${new Date(w.date).toISOString()}|${w.mark}|${w.percent}`).sort(),
          c: (r.current ?? []).map((c) => `${c.subjectId}|${new Date(c.date).toISOString()}|${c.mark}`).sort(),
          l: r.lessons ?? null,
          a: r.absences ?? null,
          u: r.unexcused ?? null,
        }))
        .sort((x, y) => x.s.localeCompare(y.s)),
    );
  return canonical(a) === canonical(b);
}
