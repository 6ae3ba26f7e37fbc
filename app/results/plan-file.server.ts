// How far each subject's plan was delivered in a period, as journals report it («Выполнение
// учебного плана»): «Предмет», «По плану» (lessons planned) and «Проведено» (lessons given).
// Checked whole, like the marks.
import { headerKey, type FileProblem, type Table } from "~/files/table-file.server";
import { nameKey } from "~/domain/names";
import type { PlanDelivery } from "~models/results.server";
import type { ClassContext } from "./period-marks-file.server";

const COLUMNS: Record<string, "subject" | "planned" | "given"> = {
  предмет: "subject", "учебный предмет": "subject",
  "по плану": "planned", план: "planned", запланировано: "planned", "уроков по плану": "planned", "часов по плану": "planned",
  проведено: "given", дано: "given", фактически: "given", "проведено уроков": "given", "дано уроков": "given", "часов проведено": "given",
};
const LABELS = { subject: "Предмет", planned: "По плану", given: "Проведено" } as const;
export const PLAN_TEMPLATE_HEADERS = Object.values(LABELS);

export function checkPlan(table: Table, context: Pick<ClassContext, "subjects">): { plan: PlanDelivery[]; problems: FileProblem[] } {
  const index: Partial<Record<keyof typeof LABELS, number>> = {};
  table.headers.forEach((h, i) => {
    const column = COLUMNS[headerKey(h).replace(/[.:]/g, "").trim()];
    if (column && index[column] === undefined) index[column] = i;
  });
  const missing = (Object.keys(LABELS) as (keyof typeof LABELS)[]).filter((c) => index[c] === undefined);
  if (missing.length) return { plan: [], problems: missing.map((c) => ({ row: 1, column: LABELS[c], message: `нет столбца «${LABELS[c]}»` })) };
  const subjects = new Map<string, ClassContext["subjects"][number]>();
  for (const s of context.subjects) {
    subjects.set(nameKey(s.name), s);
    if (s.shortName) subjects.set(nameKey(s.shortName), s);
  }
  const problems: FileProblem[] = [];
  const plan: PlanDelivery[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const problem = (column: keyof typeof LABELS, message: string) => problems.push({ row, column: LABELS[column], message });
    const name = (cells[index.subject!] ?? "").trim();
    const subject = subjects.get(nameKey(name));
    const count = (column: "planned" | "given") => {
      const text = (cells[index[column]!] ?? "").trim().replace(",", ".");
      const value = Number(text);
      if (text === "" || !Number.isInteger(value) || value < 0 || value > 1000) {
        problem(column, `«${text}» — нужно целое число уроков от 0 до 1000`);
        return null;
      }
      return value;
    };
    if (!subject) {
      problem("subject", name ? `неизвестный предмет «${name}»` : "не указан предмет");
      continue;
    }
    const planned = count("planned");
    const given = count("given");
    if (seen.has(String(subject._id))) {
      problem("subject", `предмет «${subject.name}» уже был в строке ${seen.get(String(subject._id))}`);
      continue;
    }
    seen.set(String(subject._id), row);
    if (planned !== null && given !== null) plan.push({ subjectId: subject._id, planned, given });
  }
  if (table.rows.length === 0) problems.push({ row: 2, column: "", message: "в файле нет ни одной строки" });
  return { plan, problems };
}
