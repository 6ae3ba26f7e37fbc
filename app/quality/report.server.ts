// The school's quality report (seed 002, internal quality monitoring) for a period or the year,
// by class and grade: subject results (the design's measures; the share of «2» and «5» in control
// works and in external assessments), metasubject results (УУД levels from the records) and
// personal results (self-government, volunteering, awards), each beside the period before and the
// same period a year earlier. Counts only: no student is named in it.
import type { Types } from "mongoose";
import { latestUudLevels } from "~/achievements/kinds";
import { UUD_FORMED_LEVELS } from "~models/vocabulary/achievement-kinds";
import { ASSESSMENT_KINDS, givesMark, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
import { EGE_HIGH_POINTS, egeMinimum } from "~/domain/exam-results";
import { figure, type Figure } from "~/domain/indicators";
import { previousPeriod, schoolDashboard, type DashboardRow } from "~/results/dashboard.server";
import { periodOptions } from "~/results/periods";
import { reportPeriod } from "~/results/report-period.server";
import { listYears, type AcademicYear } from "~models/academic-year.server";
import { listVerifiedAchievements, type Achievement } from "~models/achievement.server";
import { getEgeMinimums, listExternalResultsOfYears } from "~models/assessment.server";
import { className, listClasses, type SchoolClass } from "~models/class.server";
import { activeResultSets } from "~models/results.server";
import { listEnrolmentsOfYears } from "~models/student.server";

const UUD_GROUPS = ["regulatory", "cognitive", "communicative"] as const;
type UudGroup = (typeof UUD_GROUPS)[number];
/** The verified records the metasubject and personal results are counted from. */
export const ACTIVITY_KINDS = ["uud", "selfGovernment", "volunteering", "award"];

export type MeasuresRow = DashboardRow;
export interface SharesRow {
  label: string;
  now: { low: Figure; high: Figure };
  lastYear: { low: Figure; high: Figure } | null;
}
export interface ActivityRow {
  label: string;
  students: number;
  uud: Record<UudGroup, Figure>;
  selfGovernment: number;
  volunteers: number;
  volunteerHours: number;
  awards: number;
  lastYear: { uud: Record<UudGroup, Figure>; selfGovernment: number; volunteers: number; volunteerHours: number; awards: number } | null;
}

const shares = (values: number[], low: (v: number) => boolean, high: (v: number) => boolean) => ({ low: figure(values.filter(low).length, values.length), high: figure(values.filter(high).length, values.length) });

/** Which year and period the report is for: the ones asked for, else the current year's latest period with marks. */
export async function reportChoice(schoolId: Types.ObjectId, url: URL) {
  const years = await listYears(schoolId);
  const year = years.find((y) => y.name === url.searchParams.get("year")) ?? years.find((y) => y.current) ?? years[0];
  if (!year) return null;
  const options = periodOptions(year);
  const classes = await listClasses(schoolId, year._id);
  const period = await reportPeriod(schoolId, options, classes.map((c) => c._id), url.searchParams.get("period"));
  return { years, year, period, options };
}

/** The report a request asks for (its year and period), or null when the school has no year. */
export async function requestedReport(schoolId: Types.ObjectId, request: Request) {
  const choice = await reportChoice(schoolId, new URL(request.url));
  if (!choice) return null;
  return { choice, report: await qualityReport(schoolId, choice.years, choice.year, choice.period) };
}

export async function qualityReport(schoolId: Types.ObjectId, years: AcademicYear[], year: AcademicYear, period: string) {
  const previousYear = years.find((y) => y.startDate < year.startDate) ?? null;
  const [classes, previousClasses] = await Promise.all([
    listClasses(schoolId, year._id),
    // Only looked up by grade and letter: their order does not matter.
    previousYear ? listClasses(schoolId, previousYear._id) : Promise.resolve([] as SchoolClass[]),
  ]);
  // Subject results: against the period before, and against the same period a year earlier (the same children a grade lower).
  const before = previousPeriod(period, year, previousYear);
  const sameLastYear = previousYear && (period === "year" || previousYear.periods.some((p) => String(p.number) === period)) ? { yearId: previousYear._id, period } : null;
  const measures = await schoolDashboard(schoolId, classes, previousClasses, period, before, sameLastYear);

  // Control works of the period: the share of «2» and «5» among their marks, by class.
  const worksPeriod = period === "year" ? year.periods.map((p) => `${p.number}:works`) : [`${period}:works`];
  const worksSets = await activeResultSets(schoolId, classes.flatMap((c) => worksPeriod.map((p) => ({ classId: c._id, period: p }))));
  const works: SharesRow[] = classes.map((c) => {
    const marks = worksPeriod.flatMap((p) => worksSets.get(`${c._id}:${p}`)?.rows ?? []).flatMap((r) => (r.works ?? []).filter((w) => w.kind === "control" && w.mark !== null).map((w) => w.mark!));
    return { label: className(c), now: shares(marks, (m) => m <= 2, (m) => m === 5), lastYear: null };
  });

  // External assessments of the year and of the year before, by procedure and subject.
  const external = await externalShares(schoolId, year, previousYear);
  const activity = await activityRows(schoolId, year, classes, previousYear, previousClasses);
  const periodLabel = periodOptions(year).find((o) => o.key === period)?.label ?? period;
  return { year: year.name, period, periodLabel, previousYear: previousYear?.name ?? null, hasBefore: !!before, measures, works, external, activity };
}
export type QualityReport = Awaited<ReturnType<typeof qualityReport>>;

/** Low and high results of each procedure and subject: «2» and «5», or for ЕГЭ in points below the minimum… and 81+. */
async function externalShares(schoolId: Types.ObjectId, year: AcademicYear, previousYear: AcademicYear | null) {
  const minimums = await getEgeMinimums();
  const sets = await listExternalResultsOfYears({ schoolId, schoolYears: [year.name, previousYear?.name ?? ""] });
  const groups = new Map<string, { kind: AssessmentKind; grade: number; subject: string; now: number[]; before: number[] }>();
  for (const set of sets) {
    for (const row of set.rows) {
      const key = `${set.kind}|${row.grade}|${row.subject}`;
      const group = groups.get(key) ?? { kind: set.kind, grade: row.grade, subject: row.subject, now: [], before: [] };
      const value = givesMark(set.kind, row.subject) ? row.mark : row.points;
      if (value !== null) (set.schoolYear === year.name ? group.now : group.before).push(value);
      groups.set(key, group);
    }
  }
  return [...groups.values()]
    .filter((g) => g.now.length > 0)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.grade - b.grade || a.subject.localeCompare(b.subject, "ru"))
    .map((g) => {
      const byMark = givesMark(g.kind, g.subject);
      // ЕГЭ in points: low is below the year's minimum (as indicators 3 and 5), high is 81 and more.
      const minimum = egeMinimum(minimums, year.name, g.subject) ?? 0;
      const low = (v: number) => (byMark ? v <= 2 : v < minimum);
      const high = (v: number) => (byMark ? v === 5 : v >= EGE_HIGH_POINTS);
      return {
        label: `${ASSESSMENT_KINDS[g.kind].label}, ${g.grade} кл., ${g.subject}`,
        lowLabel: byMark ? "«2»" : `ниже ${minimum} б.`,
        highLabel: byMark ? "«5»" : `${EGE_HIGH_POINTS}+ б.`,
        now: shares(g.now, low, high),
        lastYear: g.before.length ? shares(g.before, low, high) : null,
      };
    });
}

/** Of the students with a diagnostic of the group, the share whose latest level is basic or above. */
export function formedShare(latest: Map<string, Map<string, string>>, group: string): Figure {
  const levels = [...latest.values()].map((own) => own.get(group)).filter((level): level is string => !!level);
  return figure(levels.filter((level) => UUD_FORMED_LEVELS.includes(level)).length, levels.length);
}

export const volunteerHours = (records: Pick<Achievement, "kind" | "details">[]) =>
  records.filter((a) => a.kind === "volunteering").reduce((n, a) => n + (Number(a.details.hours) || 0), 0);

/** УУД levels and personal results of each class's students in the year, from verified records. */
async function activityRows(schoolId: Types.ObjectId, year: AcademicYear, classes: SchoolClass[], previousYear: AcademicYear | null, previousClasses: SchoolClass[]): Promise<ActivityRow[]> {
  const enrolments = await listEnrolmentsOfYears({ schoolId, yearIds: [year._id, previousYear?._id].filter((id): id is Types.ObjectId => !!id) });
  const studentsOf = (classId: Types.ObjectId) => enrolments.filter((e) => String(e.classId) === String(classId)).map((e) => String(e.studentId));
  const achievements = await listVerifiedAchievements({
    schoolId,
    academicYears: [year.name, previousYear?.name ?? ""],
    kinds: ACTIVITY_KINDS,
    fields: ["studentId", "kind", "details", "academicYear", "date"],
  });
  const count = (students: string[], yearName: string) => {
    const own = achievements.filter((a) => a.academicYear === yearName && students.includes(String(a.studentId)));
    const latest = latestUudLevels(own);
    return {
      uud: Object.fromEntries(UUD_GROUPS.map((group) => [group, formedShare(latest, group)])) as Record<UudGroup, Figure>,
      selfGovernment: new Set(own.filter((a) => a.kind === "selfGovernment").map((a) => String(a.studentId))).size,
      volunteers: new Set(own.filter((a) => a.kind === "volunteering").map((a) => String(a.studentId))).size,
      volunteerHours: volunteerHours(own),
      awards: own.filter((a) => a.kind === "award").length,
    };
  };
  return classes.map((c) => {
    const students = studentsOf(c._id);
    const predecessor = previousClasses.find((p) => p.grade === c.grade - 1 && p.letter === c.letter);
    return {
      label: className(c),
      students: students.length,
      ...count(students, year.name),
      lastYear: predecessor && previousYear ? count(studentsOf(predecessor._id), previousYear.name) : null,
    };
  });
}
