import type { PeriodKind } from "~models/vocabulary/periods";
import { PERIOD_LABELS, periodsForGrade, type YearPeriods } from "~/domain/school-year";

/**
 * The periods a class's results are kept for: each period of its grade's system that year (the
 * school's when no grade is given), then the year.
 */
export function periodOptions(year: YearPeriods, grade?: number | null) {
  return [...periodsForGrade(year, grade).periods.map((p) => ({ key: String(p.number), label: p.name })), { key: "year", label: "год" }];
}

export const isPeriodKey = (value: unknown, year: YearPeriods, grade?: number | null) =>
  value === "year" || (typeof value === "string" && periodsForGrade(year, grade).periods.some((p) => String(p.number) === value));

export const periodWord = (kind: PeriodKind) => PERIOD_LABELS[kind];

/**
 * The period choices for a set of classes: their systems' periods, each once; when the classes
 * follow different systems each label says whose («1-е полугодие (10–11 классы)»).
 */
export function periodsOfClasses(year: YearPeriods, classes: { grade: number }[]) {
  const systems = new Map<string, { grades: number[]; options: { key: string; label: string }[] }>();
  for (const c of classes) {
    const options = periodOptions(year, c.grade);
    const key = options.map((o) => o.label).join("|");
    const system = systems.get(key) ?? { grades: [], options };
    system.grades.push(c.grade);
    systems.set(key, system);
  }
  if (systems.size <= 1) return [...systems.values()][0]?.options ?? periodOptions(year);
  const periods = [...systems.values()].flatMap(({ grades, options }) =>
    options.filter((o) => o.key !== "year").map((o) => ({ key: o.key, label: `${o.label} (${Math.min(...grades)}–${Math.max(...grades)} классы)` })),
  );
  return [...periods, { key: "year", label: "год" }];
}

/** The period a report opens on when none is asked for: the latest of `options` with marks in force, else the first. */
export function defaultPeriod(options: { key: string }[], withMarks: Set<string>) {
  return [...options].reverse().find((o) => withMarks.has(o.key))?.key ?? options[0].key;
}
