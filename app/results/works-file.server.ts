// Control and diagnostic works (and current marks) of a class for a period, one row per student and work, as journals
// export them («Результаты контрольных работ»): «ФИО», «Предмет», «Работа», «Вид», «Дата», and
// «Отметка» and/or «Процент» (or «Баллы» with «Максимум»). Checked whole, like the period marks.
import { headerKey, type FileProblem, type Table } from "~/files/table-file.server";
import { nameKey } from "~/domain/names";
import { formatDate, parseDay } from "~/domain/format";
import type { ResultRow, WorkResult } from "~models/results.server";
import type { ClassContext } from "./period-marks-file.server";

const COLUMNS: Record<string, "name" | "subject" | "title" | "kind" | "date" | "mark" | "percent" | "points" | "max"> = {
  фио: "name", обучающийся: "name", ученик: "name",
  предмет: "subject", работа: "title", "название работы": "title", тема: "title",
  вид: "kind", "вид работы": "kind", дата: "date",
  отметка: "mark", оценка: "mark", процент: "percent", "% выполнения": "percent", "процент выполнения": "percent",
  баллы: "points", балл: "points", максимум: "max", "максимальный балл": "max",
};
const REQUIRED = { name: "ФИО", subject: "Предмет", title: "Работа", date: "Дата" } as const;

/**
 * `works`: control and diagnostic works; `current`: the journal's current marks («ФИО», «Предмет»,
 * «Дата», «Отметка»), which back the period marks.
 */
export function checkWorks(
  table: Table,
  context: ClassContext & { period: { startDate: Date; endDate: Date; name: string } },
  mode: "works" | "current" = "works",
): { rows: ResultRow[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const index: Partial<Record<(typeof COLUMNS)[string], number>> = {};
  table.headers.forEach((h, i) => {
    const column = COLUMNS[headerKey(h).replace(/[.:]/g, "").trim()];
    if (column && index[column] === undefined) index[column] = i;
  });
  const required: Record<string, string> = mode === "works" ? REQUIRED : { name: "ФИО", subject: "Предмет", date: "Дата", mark: "Отметка" };
  for (const [column, label] of Object.entries(required)) {
    if (index[column as keyof typeof index] === undefined) problems.push({ row: 1, column: label, message: `нет столбца «${label}»` });
  }
  if (mode === "works" && index.mark === undefined && index.percent === undefined && index.points === undefined) problems.push({ row: 1, column: "Отметка", message: "нет ни столбца «Отметка», ни «Процент», ни «Баллы»" });
  if (problems.length) return { rows: [], problems };

  const students = new Map<string, ClassContext["students"]>();
  for (const s of context.students) {
    const key = nameKey([s.lastName, s.firstName, s.middleName].filter(Boolean).join(" "));
    students.set(key, [...(students.get(key) ?? []), s]);
  }
  const subjects = new Map<string, ClassContext["subjects"][number]>();
  for (const s of context.subjects) {
    subjects.set(nameKey(s.name), s);
    if (s.shortName) subjects.set(nameKey(s.shortName), s);
  }
  const byStudent = new Map<string, ResultRow>();
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (c: keyof typeof index) => (index[c] === undefined ? "" : (cells[index[c]!] ?? "").trim());
    const problem = (c: keyof typeof index, message: string) => problems.push({ row, column: index[c] === undefined ? "" : table.headers[index[c]!], message });
    const found = students.get(nameKey(cell("name"))) ?? [];
    const subject = subjects.get(nameKey(cell("subject")));
    const date = parseDay(cell("date"));
    let ok = true;
    if (found.length !== 1) {
      problem("name", found.length ? `в ${context.className} классе несколько обучающихся «${cell("name")}»` : `обучающегося «${cell("name")}» нет в ${context.className} классе`);
      ok = false;
    }
    if (!subject) {
      problem("subject", `неизвестный предмет «${cell("subject")}»`);
      ok = false;
    }
    if (mode === "works" && !cell("title")) {
      problem("title", "не указано название работы");
      ok = false;
    }
    if (!date) {
      problem("date", `«${cell("date")}» — не дата (ожидается ДД.ММ.ГГГГ)`);
      ok = false;
    }
    else if (date < context.period.startDate || date > context.period.endDate) {
      problem("date", `${formatDate(date)} вне периода «${context.period.name}» (${formatDate(context.period.startDate)}–${formatDate(context.period.endDate)})`);
      ok = false;
    }
    const kindText = cell("kind").toLocaleLowerCase("ru");
    const kind: WorkResult["kind"] | null = !kindText || kindText.startsWith("контр") ? "control" : kindText.startsWith("диагн") ? "diagnostic" : null;
    if (!kind) {
      problem("kind", `«${cell("kind")}» — вид работы: контрольная или диагностическая`);
      ok = false;
    }
    let mark: number | null = null;
    if (cell("mark")) {
      mark = /^[1-5]$/.test(cell("mark")) ? Number(cell("mark")) : null;
      if (mark === null) {
      problem("mark", `«${cell("mark")}» — не отметка 1–5`);
      ok = false;
    }
    }
    let percent: number | null = null;
    const number = (c: keyof typeof index) => Number(cell(c).replace(",", ".").replace("%", ""));
    if (cell("percent")) percent = number("percent");
    else if (cell("points") && cell("max")) percent = (number("points") * 100) / number("max");
    if (percent !== null && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) {
      problem(cell("percent") ? "percent" : "points", "процент выполнения должен быть от 0 до 100");
      ok = false;
    }
    if (mark === null && percent === null && ok) {
      problem("mark", mode === "works" ? "нет ни отметки, ни процента выполнения" : "нет отметки");
      ok = false;
    }
    if (!ok) continue;
    if (mode === "current") {
      // Several marks a day are normal in a journal: no duplicate check here.
      const entry = byStudent.get(String(found[0]._id)) ?? { studentId: found[0]._id, marks: [], lessons: null, absences: null, unexcused: null, current: [] };
      entry.current!.push({ subjectId: subject!._id, date: date!, mark: mark! });
      byStudent.set(String(found[0]._id), entry);
      continue;
    }
    const key = `${found[0]._id}|${subject!._id}|${cell("title").toLocaleLowerCase("ru")}|${date!.toISOString()}`;
    if (seen.has(key)) {
      problem("name", `повторяет строку ${seen.get(key)}`);
      continue;
    }
    seen.set(key, row);
    const entry = byStudent.get(String(found[0]._id)) ?? { studentId: found[0]._id, marks: [], lessons: null, absences: null, unexcused: null, works: [] };
    entry.works!.push({ subjectId: subject!._id, title: cell("title").slice(0, 200), kind: kind!, date: date!, mark, percent: percent === null ? null : Math.round(percent * 10) / 10 });
    byStudent.set(String(found[0]._id), entry);
  }
  if (table.rows.length === 0) problems.push({ row: 2, column: "", message: "в файле нет ни одной строки" });
  problems.sort((a, b) => a.row - b.row);
  return { rows: [...byStudent.values()], problems };
}
