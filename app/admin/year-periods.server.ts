// A year's periods as the administration sets them: the school's system (quarters, trimesters,
// halves), grade ranges with a system of their own (halves for 10–11), and each period's dates;
// and the next year prepared before the current one is closed. A system cannot change for grades
// whose marks of that year are loaded (their periods would no longer name the same weeks); dates can.
import type { Types } from "mongoose";
import { defaultPeriods, nextGradeSystems, parseSchoolYearName, periodProblems, periodsForGrade, schoolYearBounds, schoolYearName, type Period } from "~/domain/school-year";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { findYearById, getCurrentYear, getYearByName, insertPreparedYear, setYearPeriods, type AcademicYear, type CurriculumLine, type GradeSystem } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { listClassIdsWithResults } from "~models/results.server";
import { PERIOD_PLURALS, type PeriodKind } from "~models/vocabulary/periods";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The years whose periods may be set: the current one and the next, once prepared. */
export async function editableYears(schoolId: Types.ObjectId) {
  const current = await getCurrentYear(schoolId);
  if (!current) return [];
  const next = await getYearByName({ schoolId, name: schoolYearName(parseSchoolYearName(current.name)! + 1) });
  return next ? [current, next] : [current];
}

/** The grades (1–11) whose marks of the year are loaded: their system is fixed for the year. */
async function gradesWithMarks(schoolId: Types.ObjectId, year: AcademicYear) {
  const classIds = await listClassIdsWithResults({ schoolId, yearId: year._id });
  return new Set((await findClasses({ schoolId, classIds })).map((c) => c.grade));
}

export async function yearPeriodsView(schoolId: Types.ObjectId) {
  const years = await editableYears(schoolId);
  const current = years[0];
  return {
    next: current && years.length === 1 ? schoolYearName(parseSchoolYearName(current.name)! + 1) : null,
    years: await Promise.all(
      years.map(async (year) => {
        const marked = [...(await gradesWithMarks(schoolId, year))].sort((a, b) => a - b);
        const ranges = year.gradeSystems ?? [];
        const systems = [
          { label: ranges.length ? "Остальные классы" : "Все классы", periodKind: year.periodKind as PeriodKind, periods: year.periods as Period[] },
          ...ranges.map((g) => ({ label: `${g.fromGrade}–${g.toGrade} классы`, periodKind: g.periodKind as PeriodKind, periods: g.periods as Period[] })),
        ];
        return {
          id: String(year._id),
          name: year.name,
          current: !!year.current,
          start: day(year.startDate),
          end: day(year.endDate),
          periodKind: year.periodKind as PeriodKind,
          ranges: ranges.map((g) => ({ fromGrade: g.fromGrade, toGrade: g.toGrade, periodKind: g.periodKind as PeriodKind })),
          systems: systems.map((s) => ({ label: `${s.label}: ${PERIOD_PLURALS[s.periodKind]}`, periods: s.periods.map((p) => ({ name: p.name, start: day(p.startDate), end: day(p.endDate) })) })),
          gradesWithMarks: marked,
        };
      }),
    ),
  };
}

/** A year of the school still open to planning (its periods, its curriculum); `what` names what a closed one refuses. */
export async function editableYear(schoolId: Types.ObjectId, yearId: string, what = "его периоды не меняются") {
  const year = await findYearById({ schoolId, yearId });
  if (!year) throw new NotFound("Нет такого учебного года");
  if (year.closedAt) throw new Conflict(`Учебный год ${year.name} закрыт: ${what}`);
  return year;
}

/**
 * The year's systems: the school's kind and the grade ranges with their own. A system that stays as
 * it was keeps its dates; a new or changed one starts from the usual dates.
 */
export async function setPeriodSystems(input: { schoolId: Types.ObjectId; yearId: string; periodKind: PeriodKind; ranges: { fromGrade: number; toGrade: number; periodKind: PeriodKind }[] }) {
  const { schoolId, yearId, periodKind } = input;
  const year = await editableYear(schoolId, yearId);
  const ranges = [...input.ranges].sort((a, b) => a.fromGrade - b.fromGrade);
  for (const [i, r] of ranges.entries()) {
    if (r.fromGrade > r.toGrade) throw new RefusedByRule(`Диапазон ${r.fromGrade}–${r.toGrade}: первый класс больше последнего`, "ranges");
    if (i > 0 && r.fromGrade <= ranges[i - 1].toGrade) throw new RefusedByRule(`Диапазоны ${ranges[i - 1].fromGrade}–${ranges[i - 1].toGrade} и ${r.fromGrade}–${r.toGrade} пересекаются`, "ranges");
  }
  const startYear = parseSchoolYearName(year.name)!;
  const proposed = { periodKind, periods: year.periods as Period[], gradeSystems: ranges.map((r) => ({ ...r, periods: [] as Period[] })) };
  // Which grades would change system: refused where the year's marks are loaded.
  const marked = await gradesWithMarks(schoolId, year);
  const changed = [];
  for (let grade = 1; grade <= 11; grade++) if (periodsForGrade(year, grade).periodKind !== periodsForGrade(proposed, grade).periodKind) changed.push(grade);
  const blocked = changed.filter((g) => marked.has(g));
  if (blocked.length) throw new RefusedByRule(`В ${blocked.join(", ")}-х классах уже загружены отметки ${year.name}: их система периодов в этом году не меняется (даты менять можно)`, "ranges");
  const keep = (kind: PeriodKind, before: { periodKind: string; periods: Period[] } | undefined) => (before && before.periodKind === kind ? before.periods : defaultPeriods(kind, startYear));
  const gradeSystems: GradeSystem[] = ranges.map((r) => ({
    ...r,
    periods: keep(r.periodKind, (year.gradeSystems ?? []).find((g) => g.fromGrade === r.fromGrade && g.toGrade === r.toGrade) as { periodKind: string; periods: Period[] } | undefined),
  }));
  await setYearPeriods({ schoolId, yearId: year._id, periodKind, periods: keep(periodKind, { periodKind: year.periodKind, periods: year.periods as Period[] }), gradeSystems });
  return year.name;
}

/** The dates of every period of the year, in the order the page lists them (the school's system first). */
export async function setPeriodDates(input: { schoolId: Types.ObjectId; yearId: string; starts: string[]; ends: string[] }) {
  const { schoolId, yearId } = input;
  const year = await editableYear(schoolId, yearId);
  let at = 0;
  const dated = (periods: Period[]) => periods.map((p) => ({ ...p, startDate: new Date(`${input.starts[at]}T00:00:00Z`), endDate: new Date(`${input.ends[at++]}T00:00:00Z`) }));
  const periods = dated(year.periods as Period[]);
  const gradeSystems = (year.gradeSystems ?? []).map((g) => ({ fromGrade: g.fromGrade, toGrade: g.toGrade, periodKind: g.periodKind as PeriodKind, periods: dated(g.periods as Period[]) }));
  if (at !== input.starts.length || at !== input.ends.length) throw new Conflict("Периоды года изменились, пока страница была открыта: обновите её");
  const problems = [periods, ...gradeSystems.map((g) => g.periods)].flatMap((list) => periodProblems(list, year));
  if (problems.length) throw new RefusedByRule(problems.join("; "), "dates");
  await setYearPeriods({ schoolId, yearId: year._id, periodKind: year.periodKind as PeriodKind, periods, gradeSystems });
  return year.name;
}

/** The next school year with the current one's systems and the usual dates, before the current one is closed. */
export async function prepareNextYear(schoolId: Types.ObjectId) {
  const current = await getCurrentYear(schoolId);
  if (!current) throw new RefusedByRule("В школе нет текущего учебного года");
  const startYear = parseSchoolYearName(current.name)! + 1;
  const kind = current.periodKind as PeriodKind;
  const made = await insertPreparedYear({
    schoolId,
    year: { name: schoolYearName(startYear), ...schoolYearBounds(startYear), periodKind: kind, periods: defaultPeriods(kind, startYear), gradeSystems: nextGradeSystems(current, startYear), curriculum: (current.curriculum ?? []) as CurriculumLine[], current: false, closedAt: null },
  });
  if (!made) throw new Conflict(`Учебный год ${schoolYearName(startYear)} уже подготовлен`);
  return made.name;
}

