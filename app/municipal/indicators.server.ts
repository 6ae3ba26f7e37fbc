// Seed 003's indicators for every school of the municipality over three school years: computed
// here from the stored external results (the domain function in app/domain/indicators.ts), or
// loaded from a school's own file; 17 from the schools' dynamics; 18–21 as entered. Only counts
// leave this module: no name, no id of a student.
import type { Types } from "mongoose";
import { egeMinimum } from "~/domain/exam-results";
import { parseSchoolYearName, schoolYearName, schoolYearStart } from "~/domain/school-year";
import {
  COMPUTED_INDICATORS,
  computeIndicators,
  DEFAULT_DYNAMICS_RULE,
  dynamics,
  figure,
  sumFigures,
  type DynamicsRule,
  type Figure,
} from "~/domain/indicators";
import { getEgeMinimums, listExternalResultsOfYears } from "~models/assessment.server";
import { getMunicipalSettings, listLoadedIndicators, listMunicipalEntries, saveMunicipalEntry, type LoadedIndicators, type MunicipalEntry } from "~models/municipal.server";
import { listSchoolNames } from "~models/school.server";

export type YearFigures = Record<number, Figure>;

/** The three school years ending with `last` (the last one over, by default). */
export function threeYears(last?: string | null) {
  const end = (last ? parseSchoolYearName(last) : null) ?? schoolYearStart(new Date()) - 1;
  return [end - 2, end - 1, end].map(schoolYearName);
}

export async function getDynamicsRule(): Promise<DynamicsRule> {
  const doc = await getMunicipalSettings();
  return { mode: doc?.mode ?? DEFAULT_DYNAMICS_RULE.mode, tolerance: doc?.tolerance ?? DEFAULT_DYNAMICS_RULE.tolerance };
}

/** Indicators 1–16 of a school here, for each of the given years. */
export async function computedYears(schoolId: Types.ObjectId | string, years: string[]): Promise<Record<string, YearFigures>> {
  const [sets, minimums] = await Promise.all([
    listExternalResultsOfYears({ schoolId, schoolYears: years }),
    getEgeMinimums(),
  ]);
  return Object.fromEntries(
    years.map((year) => {
      const results = sets.filter((s) => s.schoolYear === year).flatMap((s) => s.rows.map((r) => ({ kind: s.kind, grade: r.grade, subject: r.subject, mark: r.mark, points: r.points })));
      return [year, computeIndicators(results, { egeMinimum: (subject) => egeMinimum(minimums, year, subject) })];
    }),
  );
}

/** A loaded school's figures for the years, as the file gave them (a year absent: no data). */
function loadedYears(loaded: LoadedIndicators, years: string[]): Record<string, YearFigures> {
  return Object.fromEntries(
    years.map((year) => [year, Object.fromEntries(COMPUTED_INDICATORS.map((i) => {
      const given = loaded.years[year]?.[String(i.n)];
      return [i.n, given ? figure(given.numerator, given.denominator) : figure(0, 0)];
    }))]),
  );
}

export interface SchoolColumn {
  ref: string;
  name: string;
  /** Loaded from the school's own file rather than computed here. */
  fromFile: boolean;
  figures: Record<string, YearFigures>;
  dynamics: Record<string, ReturnType<typeof dynamics>>;
  entries: Record<string, MunicipalEntry | null>;
}

/**
 * Every school's indicators for the three years (and the year before, for the first year's
 * dynamics); with `only` (a school's id here or its loaded file's), just that school's (its page
 * needs no other; none when it is no id).
 */
export async function municipalIndicators(years: string[], only?: string) {
  const before = schoolYearName(parseSchoolYearName(years[0])! - 1);
  const span = [before, ...years];
  const [schools, loaded, entries, rule] = await Promise.all([
    listSchoolNames({ only }),
    listLoadedIndicators({ only }),
    listMunicipalEntries({ schoolYears: years }),
    getDynamicsRule(),
  ]);
  const columns: SchoolColumn[] = [];
  const column = (ref: Types.ObjectId, name: string, fromFile: boolean, figures: Record<string, YearFigures>): SchoolColumn => ({
    ref: String(ref),
    name,
    fromFile,
    figures,
    dynamics: Object.fromEntries(years.map((year, i) => [year, dynamics(figures[span[i]], figures[year], rule)])),
    entries: Object.fromEntries(years.map((year) => [year, entries.find((e) => String(e.schoolRef) === String(ref) && e.schoolYear === year) ?? null])),
  });
  for (const school of schools) columns.push(column(school._id, school.shortName || school.name, false, await computedYears(school._id, span)));
  for (const file of loaded) columns.push(column(file._id, file.shortName || file.name, true, loadedYears(file, span)));

  // The municipality: counts added over the schools; 17–21 as shares of schools or teachers.
  const municipality = Object.fromEntries(
    years.map((year) => {
      const figures: Record<number, Figure> = {};
      for (const i of COMPUTED_INDICATORS) figures[i.n] = sumFigures(columns.map((c) => c.figures[year][i.n]));
      const verdicts = columns.map((c) => c.dynamics[year].positive).filter((p): p is boolean => p !== null);
      figures[17] = figure(verdicts.filter(Boolean).length, verdicts.length);
      const yearEntries = columns.map((c) => c.entries[year]).filter((e): e is MunicipalEntry => !!e);
      figures[18] = sumFigures(yearEntries.map((e) => e.teachersImproved).filter((f) => !!f).map((f) => figure(f!.numerator, f!.denominator)));
      figures[20] = sumFigures(yearEntries.map((e) => e.teachersInNetwork).filter((f) => !!f).map((f) => figure(f!.numerator, f!.denominator)));
      const share = (flags: (boolean | null)[]) => figure(flags.filter((f) => f === true).length, flags.filter((f) => f !== null).length);
      figures[19] = share(yearEntries.map((e) => e.network));
      figures[21] = share(yearEntries.map((e) => e.methodicalHelp));
      return [year, figures];
    }),
  );
  return { years, columns, municipality, rule };
}

/** A school's entered indicators as figures (18, 20 shares of teachers; 19, 21 yes or no). */
export function enteredFigures(entry: MunicipalEntry | null): Record<number, Figure | boolean | null> {
  return {
    18: entry?.teachersImproved ? figure(entry.teachersImproved.numerator, entry.teachersImproved.denominator) : null,
    19: entry?.network ?? null,
    20: entry?.teachersInNetwork ? figure(entry.teachersInNetwork.numerator, entry.teachersInNetwork.denominator) : null,
    21: entry?.methodicalHelp ?? null,
  };
}

/** One school's column (here or loaded from its file), or null when there is no such school. */
export async function schoolIndicators(years: string[], ref: string) {
  const table = await municipalIndicators(years, ref);
  return table.columns[0] ?? null;
}

export async function saveEntry(ref: string, schoolYear: string, values: Omit<MunicipalEntry, "schoolRef" | "schoolYear">, byName: string) {
  await saveMunicipalEntry({ schoolRef: ref, schoolYear, values, byName });
}
