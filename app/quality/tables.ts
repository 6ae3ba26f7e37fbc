// The quality report's tables, built once from the report for the page, the PDF and the XLSX,
// so all three show the same figures in the same words.
import { formatFigure, type Figure } from "~/domain/indicators";
import { formatMeasure } from "~/domain/measures";
import type { ActivityRow, MeasuresRow, SharesRow } from "./report.server";

export interface ReportTable {
  title: string;
  note: string;
  header: string[];
  rows: string[][];
  /** Rows that sum up the ones above (grades, the school): set apart. */
  totals?: number;
}

/** The shape of a report as the page receives it (dates as strings); only what the tables read. */
export interface ReportData {
  year: string;
  periodLabel: string;
  previousYear: string | null;
  measures: { classes: MeasuresRow[]; grades: MeasuresRow[]; school: MeasuresRow };
  works: SharesRow[];
  external: (SharesRow & { lowLabel: string; highLabel: string })[];
  activity: ActivityRow[];
}

const change = (now: number | null, before: number | null | undefined, digits = 1) => {
  if (now === null || before === null || before === undefined) return "";
  const delta = now - before;
  if (Math.abs(delta) < 0.05) return " (=)";
  return ` (${delta > 0 ? "+" : "−"}${formatMeasure(Math.abs(delta), digits)})`;
};
const figureChange = (now: Figure, before: Figure | null | undefined) => (before ? change(now.value, before.value) : "");
const count = (now: number, before: number | null | undefined) => `${now}${before === null || before === undefined ? "" : now === before ? " (=)" : ` (${now > before ? "+" : "−"}${Math.abs(now - before)})`}`;

function measuresRow(r: MeasuresRow): string[] {
  const m = (key: "successRate" | "quality", digits = 1) => `${formatMeasure(r.now[key], digits)}${change(r.now[key], r.before?.[key])}${r.lastYear ? ` / ${change(r.now[key], r.lastYear[key]).trim() || "—"}` : ""}`;
  return [r.label, r.now.n ? String(r.now.n) : "—", m("successRate"), m("quality"), `${formatMeasure(r.now.average, 2)}${change(r.now.average, r.before?.average, 2)}`];
}

export function reportTables(report: ReportData): ReportTable[] {
  const lastYear = report.previousYear ? `к тому же периоду ${report.previousYear}` : "";
  return [
    {
      title: "Предметные результаты",
      note: `По итоговым отметкам за ${report.periodLabel} ${report.year}. В скобках — изменение к предыдущему периоду${lastYear ? `; после «/» — ${lastYear} (тот же класс годом раньше)` : ""}.`,
      header: ["Класс", "Обучающихся", "Успеваемость, %", "Качество знаний, %", "Средний балл"],
      rows: [...report.measures.classes, ...report.measures.grades, report.measures.school].map(measuresRow),
      totals: report.measures.grades.length + 1,
    },
    {
      title: "Контрольные работы",
      note: `Доля отметок «2» и «5» за контрольные работы (${report.periodLabel}).`,
      header: ["Класс", "Отметок", "«2», %", "«5», %"],
      rows: report.works.filter((w) => w.now.low.denominator > 0).map((w) => [w.label, String(w.now.low.denominator), formatFigure(w.now.low), formatFigure(w.now.high)]),
    },
    {
      title: "Внешние оценочные процедуры",
      note: `ВПР, ОГЭ, ГВЭ, ЕГЭ ${report.year}${report.previousYear ? `; в скобках — изменение к ${report.previousYear}` : ""}.`,
      header: ["Процедура, класс, предмет", "Участников", "Низкий результат", "%", "Высокий результат", "%"],
      rows: report.external.map((e) => [e.label, String(e.now.low.denominator), e.lowLabel, `${formatFigure(e.now.low)}${figureChange(e.now.low, e.lastYear?.low)}`, e.highLabel, `${formatFigure(e.now.high)}${figureChange(e.now.high, e.lastYear?.high)}`]),
    },
    {
      title: "Метапредметные результаты",
      note: `Доля обучающихся с базовым уровнем сформированности УУД и выше, по последней диагностике ${report.year} (подтверждённые записи); в скобках — изменение к тому же классу годом раньше.`,
      header: ["Класс", "Регулятивные", "Познавательные", "Коммуникативные"],
      rows: report.activity.map((a) => [
        a.label,
        ...(["regulatory", "cognitive", "communicative"] as const).map((g) => (a.uud[g].denominator ? `${formatFigure(a.uud[g])} из ${a.uud[g].denominator}${figureChange(a.uud[g], a.lastYear?.uud[g])}` : "нет данных")),
      ]),
    },
    {
      title: "Личностные результаты",
      note: `Подтверждённые записи ${report.year}; в скобках — изменение к тому же классу годом раньше.`,
      header: ["Класс", "Обучающихся", "В самоуправлении", "Волонтёров", "Часов волонтёрства", "Поощрений"],
      rows: report.activity.map((a) => [
        a.label,
        String(a.students),
        count(a.selfGovernment, a.lastYear?.selfGovernment),
        count(a.volunteers, a.lastYear?.volunteers),
        count(a.volunteerHours, a.lastYear?.volunteerHours),
        count(a.awards, a.lastYear?.awards),
      ]),
    },
  ];
}
