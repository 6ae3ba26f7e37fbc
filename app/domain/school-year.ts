// School years and their periods. A Russian school year runs from 1 September; the school
// chooses quarters, trimesters or halves (seed 000 §5 monitors after each trimester and year).
import type { PeriodKind } from "~models/vocabulary/periods";

export interface Period {
  kind: PeriodKind;
  number: number;
  name: string;
  startDate: Date;
  endDate: Date;
}

export const PERIOD_LABELS: Record<PeriodKind, string> = {
  quarter: "четверть",
  trimester: "триместр",
  half: "полугодие",
};

/** The year a school year starts in: 1 September to 31 August. */
export function schoolYearStart(date: Date): number {
  return date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}

export const schoolYearName = (startYear: number) => `${startYear}/${startYear + 1}`;

/** «2025/2026» → 2025, or null when it is not a school year (the second year must follow the first). */
export function parseSchoolYearName(name: string): number | null {
  const match = /^(\d{4})\/(\d{4})$/.exec(name.trim());
  if (!match) return null;
  const first = Number(match[1]);
  return Number(match[2]) === first + 1 ? first : null;
}

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));

/** Typical period dates; the school may change them. [month, day] pairs, the year added. */
const DEFAULT_BOUNDS: Record<PeriodKind, [[number, number], [number, number]][]> = {
  quarter: [
    [[9, 1], [10, 26]],
    [[11, 5], [12, 28]],
    [[1, 9], [3, 22]],
    [[4, 1], [5, 26]],
  ],
  trimester: [
    [[9, 1], [11, 30]],
    [[12, 1], [2, 28]],
    [[3, 1], [5, 26]],
  ],
  half: [
    [[9, 1], [12, 28]],
    [[1, 9], [5, 26]],
  ],
};

export function defaultPeriods(kind: PeriodKind, startYear: number): Period[] {
  // Months before September belong to the second calendar year of the school year.
  const at = ([month, day]: [number, number]) => utc(month >= 9 ? startYear : startYear + 1, month, day);
  return DEFAULT_BOUNDS[kind].map(([from, to], index) => ({
    kind,
    number: index + 1,
    name: `${index + 1}-я ${PERIOD_LABELS[kind]}`.replace("-я триместр", "-й триместр").replace("-я полугодие", "-е полугодие"),
    startDate: at(from),
    endDate: at(to),
  }));
}

export function schoolYearBounds(startYear: number) {
  return { startDate: utc(startYear, 9, 1), endDate: utc(startYear + 1, 8, 31) };
}

/** A year's period systems: the school's own, and grade ranges with another (halves for 10–11). */
export interface YearPeriods {
  periodKind: PeriodKind;
  periods: Period[];
  gradeSystems?: { fromGrade: number; toGrade: number; periodKind: PeriodKind; periods: Period[] }[] | null;
}

/** The periods a grade has in that year: its range's system, else the school's. Without a grade, the school's. */
export function periodsForGrade<Y extends YearPeriods>(year: Y, grade?: number | null): { periodKind: PeriodKind; periods: Period[] } {
  const range = grade ? (year.gradeSystems ?? []).find((g) => grade >= g.fromGrade && grade <= g.toGrade) : undefined;
  return range ? { periodKind: range.periodKind, periods: range.periods } : { periodKind: year.periodKind, periods: year.periods };
}

/**
 * What is wrong with a system's periods, in words (empty when nothing): each starts on or before it
 * ends, inside the school year, after the one before it ends.
 */
export function periodProblems(periods: { name: string; startDate: Date; endDate: Date }[], bounds: { startDate: Date; endDate: Date }): string[] {
  const problems: string[] = [];
  const day = (d: Date) => d.toISOString().slice(0, 10).split("-").reverse().join(".");
  periods.forEach((p, i) => {
    if (Number.isNaN(p.startDate.getTime()) || Number.isNaN(p.endDate.getTime())) problems.push(`${p.name}: нет такой даты`);
    else if (p.startDate > p.endDate) problems.push(`${p.name}: начало (${day(p.startDate)}) позже конца (${day(p.endDate)})`);
    else if (p.startDate < bounds.startDate || p.endDate > bounds.endDate) problems.push(`${p.name}: даты вне учебного года (${day(bounds.startDate)} — ${day(bounds.endDate)})`);
    else if (i > 0 && p.startDate <= periods[i - 1].endDate) problems.push(`${p.name} начинается до конца предыдущего периода (${day(periods[i - 1].endDate)})`);
  });
  return problems;
}

/** A year's grade-range systems carried into the next year: the same ranges and kinds, with the usual dates. */
export function nextGradeSystems(year: Pick<YearPeriods, "gradeSystems">, startYear: number) {
  return (year.gradeSystems ?? []).map((g) => ({ fromGrade: g.fromGrade, toGrade: g.toGrade, periodKind: g.periodKind, periods: defaultPeriods(g.periodKind, startYear) }));
}

