// The quality report's tables, built once from the report for the page, the PDF and the XLSX,
// so all three show the same figures in the same words.
import { formatFigure, type Figure } from "~/domain/indicators";
import { formatMeasure } from "~/domain/measures";
import type { ActivityRow, MeasuresRow, SharesRow } from "./report.server";

/**
 * One cell: its words as the page and the PDF print them, and for the spreadsheet the number behind
 * them with its change to the period before and to last year, each in a column of its own.
 */
export interface ReportCell {
  text: string;
  value?: number | null;
  /** A share in percent (written to the spreadsheet as a percent), else a count or a mean. */
  percent?: boolean;
  digits?: number;
  change?: number | null;
  lastYear?: number | null;
}

export interface ReportTable {
  title: string;
  note: string;
  header: string[];
  rows: ReportCell[][];
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
const delta = (now: number | null | undefined, before: number | null | undefined) => (now === null || now === undefined || before === null || before === undefined ? null : now - before);
const figureChange = (now: Figure, before: Figure | null | undefined) => (before ? change(now.value, before.value) : "");
const countText = (now: number, before: number | null | undefined) => `${now}${before === null || before === undefined ? "" : now === before ? " (=)" : ` (${now > before ? "+" : "−"}${Math.abs(now - before)})`}`;

const label = (text: string): ReportCell => ({ text });
const whole = (n: number, before?: number | null): ReportCell => ({ text: countText(n, before), value: n, digits: 0, change: before === undefined ? undefined : delta(n, before) });
const share = (figure: Figure, text: string, before?: Figure | null): ReportCell => ({ text, value: figure.value, percent: true, digits: 1, change: before === undefined ? undefined : delta(figure.value, before?.value) });

function measuresRow(r: MeasuresRow): ReportCell[] {
  const m = (key: "successRate" | "quality"): ReportCell => ({
    text: `${formatMeasure(r.now[key])}${change(r.now[key], r.before?.[key])}${r.lastYear ? ` / ${change(r.now[key], r.lastYear[key]).trim() || "—"}` : ""}`,
    value: r.now[key],
    percent: true,
    digits: 1,
    change: delta(r.now[key], r.before?.[key]),
    lastYear: r.lastYear === undefined ? undefined : delta(r.now[key], r.lastYear?.[key]),
  });
  return [
    label(r.label),
    { text: r.now.n ? String(r.now.n) : "—", value: r.now.n || null, digits: 0 },
    m("successRate"),
    m("quality"),
    { text: `${formatMeasure(r.now.average, 2)}${change(r.now.average, r.before?.average, 2)}`, value: r.now.average, digits: 2, change: delta(r.now.average, r.before?.average) },
  ];
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
      rows: report.works.filter((w) => w.now.low.denominator > 0).map((w) => [label(w.label), whole(w.now.low.denominator), share(w.now.low, formatFigure(w.now.low)), share(w.now.high, formatFigure(w.now.high))]),
    },
    {
      title: "Внешние оценочные процедуры",
      note: `ВПР, ОГЭ, ГВЭ, ЕГЭ ${report.year}${report.previousYear ? `; в скобках — изменение к ${report.previousYear}` : ""}.`,
      header: ["Процедура, класс, предмет", "Участников", "Низкий результат", "%", "Высокий результат", "%"],
      rows: report.external.map((e) => [
        label(e.label),
        whole(e.now.low.denominator),
        label(e.lowLabel),
        share(e.now.low, `${formatFigure(e.now.low)}${figureChange(e.now.low, e.lastYear?.low)}`, e.lastYear?.low ?? null),
        label(e.highLabel),
        share(e.now.high, `${formatFigure(e.now.high)}${figureChange(e.now.high, e.lastYear?.high)}`, e.lastYear?.high ?? null),
      ]),
    },
    {
      title: "Метапредметные результаты",
      note: `Доля обучающихся с базовым уровнем сформированности УУД и выше, по последней диагностике ${report.year} (подтверждённые записи); в скобках — изменение к тому же классу годом раньше.`,
      header: ["Класс", "Регулятивные", "Познавательные", "Коммуникативные"],
      rows: report.activity.map((a) => [
        label(a.label),
        ...(["regulatory", "cognitive", "communicative"] as const).map((g) =>
          a.uud[g].denominator ? share(a.uud[g], `${formatFigure(a.uud[g])} из ${a.uud[g].denominator}${figureChange(a.uud[g], a.lastYear?.uud[g])}`, a.lastYear?.uud[g] ?? null) : label("нет данных"),
        ),
      ]),
    },
    {
      title: "Личностные результаты",
      note: `Подтверждённые записи ${report.year}; в скобках — изменение к тому же классу годом раньше.`,
      header: ["Класс", "Обучающихся", "В самоуправлении", "Волонтёров", "Часов волонтёрства", "Поощрений"],
      rows: report.activity.map((a) => [
        label(a.label),
        whole(a.students),
        whole(a.selfGovernment, a.lastYear?.selfGovernment ?? null),
        whole(a.volunteers, a.lastYear?.volunteers ?? null),
        whole(a.volunteerHours, a.lastYear?.volunteerHours ?? null),
        whole(a.awards, a.lastYear?.awards ?? null),
      ]),
    },
  ];
}
