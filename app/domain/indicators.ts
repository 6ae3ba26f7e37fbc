// The municipal monitoring's indicators (seed 003, appendix 1), as data: 1–16 computed from the
// external assessment results of a school and year, 17 from the schools' dynamics, 18–21 entered
// by the municipal specialist. Every figure keeps its numerator and denominator; a figure with no
// one to count is «нет данных» (null), never 0 %. Shares count results (one student, one subject):
// a student who wrote ВПР in two subjects counts twice in indicator 1, as ФИС ОКО reports count.
import { MATHS, MATHS_BASE, MATHS_PROFILE, RUSSIAN, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
import { EGE_HIGH_POINTS } from "~/domain/exam-results";

export interface AssessmentResult {
  kind: AssessmentKind;
  grade: number;
  subject: string;
  mark: number | null;
  points: number | null;
}

export interface Figure {
  numerator: number;
  denominator: number;
  /** Percent, or null when there is nobody to count. */
  value: number | null;
}

export const figure = (numerator: number, denominator: number): Figure => ({ numerator, denominator, value: denominator ? (numerator * 100) / denominator : null });

/** What the indicator needs of the data: the ЕГЭ minimum of a subject that year. */
export interface IndicatorContext {
  egeMinimum: (subject: string) => number | null;
}

interface Computed {
  n: number;
  title: string;
  /** The name in a table's narrow column; the full title is on the indicator's own line. */
  short: string;
  /** Which way is better, for the dynamics. */
  better: "lower" | "higher";
  /** Results counted in the denominator. */
  among: (r: AssessmentResult) => boolean;
  /** Of those, the ones counted in the numerator. */
  counts: (r: AssessmentResult, context: IndicatorContext) => boolean;
}

const vpr = (grades: number[], subject?: string) => (r: AssessmentResult) => r.kind === "vpr" && grades.includes(r.grade) && (!subject || r.subject === subject);
const mark = (m: number) => (r: AssessmentResult) => r.mark === m;
const belowMinimum = (r: AssessmentResult, c: IndicatorContext) => {
  if (r.kind === "gve11") return r.mark === 2;
  const minimum = c.egeMinimum(r.subject);
  return r.points !== null && minimum !== null && r.points < minimum;
};
const high = (r: AssessmentResult) => r.points !== null && r.points >= EGE_HIGH_POINTS;

export const COMPUTED_INDICATORS: Computed[] = [
  { n: 1, title: "ВПР, 4 класс, все предметы: отметка «2»", short: "ВПР-4: «2»", better: "lower", among: vpr([4]), counts: mark(2) },
  { n: 2, title: "ВПР, 4 класс, все предметы: отметка «5»", short: "ВПР-4: «5»", better: "higher", among: vpr([4]), counts: mark(5) },
  { n: 3, title: "ЕГЭ/ГВЭ-11, русский язык: ниже минимального балла или «2»", short: "ЕГЭ/ГВЭ рус.: ниже минимума", better: "lower", among: (r) => (r.kind === "ege" || r.kind === "gve11") && r.subject === RUSSIAN, counts: belowMinimum },
  { n: 4, title: "ЕГЭ, русский язык: 81 балл и более", short: "ЕГЭ рус.: 81+ баллов", better: "higher", among: (r) => r.kind === "ege" && r.subject === RUSSIAN, counts: high },
  { n: 5, title: "ЕГЭ, математика (профильный уровень): ниже минимального балла", short: "ЕГЭ мат. проф.: ниже минимума", better: "lower", among: (r) => r.kind === "ege" && r.subject === MATHS_PROFILE, counts: belowMinimum },
  { n: 6, title: "ЕГЭ, математика (профильный уровень): 81 балл и более", short: "ЕГЭ мат. проф.: 81+ баллов", better: "higher", among: (r) => r.kind === "ege" && r.subject === MATHS_PROFILE, counts: high },
  { n: 7, title: "ЕГЭ, математика (базовый уровень)/ГВЭ-11: отметка «2»", short: "ЕГЭ мат. баз./ГВЭ: «2»", better: "lower", among: (r) => (r.kind === "ege" && r.subject === MATHS_BASE) || (r.kind === "gve11" && r.subject === MATHS), counts: mark(2) },
  { n: 8, title: "ЕГЭ, математика (базовый уровень)/ГВЭ-11: отметка «5»", short: "ЕГЭ мат. баз./ГВЭ: «5»", better: "higher", among: (r) => (r.kind === "ege" && r.subject === MATHS_BASE) || (r.kind === "gve11" && r.subject === MATHS), counts: mark(5) },
  { n: 9, title: "ОГЭ, математика: отметка «2»", short: "ОГЭ мат.: «2»", better: "lower", among: (r) => r.kind === "oge" && r.subject === MATHS, counts: mark(2) },
  { n: 10, title: "ОГЭ, математика: отметка «5»", short: "ОГЭ мат.: «5»", better: "higher", among: (r) => r.kind === "oge" && r.subject === MATHS, counts: mark(5) },
  { n: 11, title: "ОГЭ, русский язык: отметка «2»", short: "ОГЭ рус.: «2»", better: "lower", among: (r) => r.kind === "oge" && r.subject === RUSSIAN, counts: mark(2) },
  { n: 12, title: "ОГЭ, русский язык: отметка «5»", short: "ОГЭ рус.: «5»", better: "higher", among: (r) => r.kind === "oge" && r.subject === RUSSIAN, counts: mark(5) },
  { n: 13, title: "ВПР, 5–6 классы, русский язык: отметка «2»", short: "ВПР 5–6 рус.: «2»", better: "lower", among: vpr([5, 6], RUSSIAN), counts: mark(2) },
  { n: 14, title: "ВПР, 5–6 классы, математика: отметка «2»", short: "ВПР 5–6 мат.: «2»", better: "lower", among: vpr([5, 6], MATHS), counts: mark(2) },
  { n: 15, title: "ВПР, 5–6 классы, русский язык: отметка «5»", short: "ВПР 5–6 рус.: «5»", better: "higher", among: vpr([5, 6], RUSSIAN), counts: mark(5) },
  { n: 16, title: "ВПР, 5–6 классы, математика: отметка «5»", short: "ВПР 5–6 мат.: «5»", better: "higher", among: vpr([5, 6], MATHS), counts: mark(5) },
];

/** Indicators 18–21: entered per school and year by the municipal specialist. */
export const ENTERED_INDICATORS = {
  18: { title: "Педагоги с положительной динамикой уровня профессиональных компетенций по итогам независимой диагностики", short: "Педагоги с ростом компетенций", kind: "share" },
  19: { title: "Школа вовлечена в сетевое взаимодействие со школами и организациями-лидерами", short: "Сетевое взаимодействие", kind: "yes" },
  20: { title: "Педагоги, охваченные мероприятиями сетевого взаимодействия", short: "Педагоги в сетевых мероприятиях", kind: "share" },
  21: { title: "Школе оказана адресная методическая помощь", short: "Адресная методическая помощь", kind: "yes" },
} as const;
export type EnteredIndicator = keyof typeof ENTERED_INDICATORS;
export const INDICATOR_17_TITLE = "Доля школ, показывающих положительную динамику образовательных результатов";
export const INDICATOR_17_SHORT = "Положительная динамика";

export function computeIndicators(results: AssessmentResult[], context: IndicatorContext): Record<number, Figure> {
  const figures: Record<number, Figure> = {};
  for (const indicator of COMPUTED_INDICATORS) {
    const among = results.filter(indicator.among);
    figures[indicator.n] = figure(among.filter((r) => indicator.counts(r, context)).length, among.length);
  }
  return figures;
}

/** The figures of several schools as one: numerators and denominators added. */
export function sumFigures(all: Figure[]): Figure {
  return figure(
    all.reduce((n, f) => n + f.numerator, 0),
    all.reduce((n, f) => n + f.denominator, 0),
  );
}

/**
 * Positive dynamics of a school from one year to the next (the rule is a municipal setting):
 * an indicator 1–16 with data in both years improved or worsened when it moved by more than
 * `tolerance` percentage points in its better or worse direction. «balance»: more improved than
 * worsened; «noWorse»: at least one improved and none worsened. Null: nothing to compare.
 */
export interface DynamicsRule {
  mode: "balance" | "noWorse";
  tolerance: number;
}
export const DEFAULT_DYNAMICS_RULE: DynamicsRule = { mode: "balance", tolerance: 1 };
export const DYNAMICS_MODES: Record<DynamicsRule["mode"], string> = {
  balance: "улучшившихся показателей больше, чем ухудшившихся",
  noWorse: "хотя бы один показатель улучшился и ни один не ухудшился",
};

export function dynamics(previous: Record<number, Figure>, current: Record<number, Figure>, rule: DynamicsRule) {
  const improved: number[] = [];
  const worsened: number[] = [];
  const compared: number[] = [];
  for (const indicator of COMPUTED_INDICATORS) {
    const before = previous[indicator.n]?.value;
    const after = current[indicator.n]?.value;
    if (before === null || before === undefined || after === null || after === undefined) continue;
    compared.push(indicator.n);
    const change = indicator.better === "lower" ? before - after : after - before;
    if (change > rule.tolerance) improved.push(indicator.n);
    else if (change < -rule.tolerance) worsened.push(indicator.n);
  }
  if (compared.length === 0) return { positive: null, improved, worsened, compared };
  const positive = rule.mode === "balance" ? improved.length > worsened.length : improved.length > 0 && worsened.length === 0;
  return { positive, improved, worsened, compared };
}

/** «12,5 %», or «нет данных» when there is nobody to count. */
export const formatFigure = (f: Figure | null | undefined) => (!f || f.value === null ? "нет данных" : `${(Math.round(f.value * 10) / 10).toString().replace(".", ",")} %`);
