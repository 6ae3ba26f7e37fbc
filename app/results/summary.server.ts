// The class summary (сводная ведомость) for a period: students × subjects with their period
// marks, and the measures per subject and for the class — from the domain functions, so that the
// page, the exports and later reports show the same numbers.
import type { Types } from "mongoose";
import { includesId, notFound, reachableClassIds, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import { getYear } from "~models/academic-year.server";
import { className, getClass } from "~models/class.server";
import type { PublicUser } from "~models/user.server";
import { periodOptions } from "./periods";
import { reportPeriod } from "./report-period.server";
import { classMeasures, subjectMeasures } from "~/domain/measures";
import { parseMark } from "~/domain/marks";
import { type PeriodMark } from "~models/vocabulary/marks";
import { listCreditedMarks, type CreditedMarks } from "~models/credit.server";
import { specialConditionsOfClass } from "~/gifted/conditions.server";
import { activeResultSets, readActiveSets, type ResultSet } from "~models/results.server";
import { fullName, listStudentsOfClasses, type ClassMember } from "~models/student.server";
import { membersOfPeriod } from "./class-members.server";
import { listSubjects } from "~models/subject.server";
import { getThresholds } from "~models/school.server";

export async function classSummary(schoolId: Types.ObjectId, classId: Types.ObjectId, period: string) {
  return (await classSummaries(schoolId, classId, [period]))[0];
}
export type ClassSummary = Awaited<ReturnType<typeof classSummary>>;

/** What every class's summary needs of the school: read once where many classes are summed up (the yearly archive). */
export async function summarySchoolFacts(schoolId: Types.ObjectId) {
  const [subjects, thresholds, inForce] = await Promise.all([listSubjects(schoolId), getThresholds(schoolId), readActiveSets(schoolId)]);
  return { subjects, thresholds, inForce };
}
export type SummarySchoolFacts = Awaited<ReturnType<typeof summarySchoolFacts>>;

/**
 * The class's summaries for several periods, from one reading of what they share (the yearly
 * archive's registers). `known`: what a caller going through many classes has read already — the
 * school's facts, the class's year and everyone who was in the class that year.
 */
export async function classSummaries(schoolId: Types.ObjectId, classId: Types.ObjectId, periods: string[], known?: { school: SummarySchoolFacts; schoolYear: string; members: ClassMember[] }) {
  const school = known ? Promise.resolve(known.school) : summarySchoolFacts(schoolId);
  const keys = periods.flatMap((period) => [{ classId, period }, { classId, period: `${period}:current` }, { classId, period: `${period}:plan` }]);
  const [{ subjects, thresholds }, sets, credited, gifted, members] = await Promise.all([
    school,
    school.then(({ inForce }) => activeResultSets(schoolId, keys, undefined, inForce)),
    listCreditedMarks({ schoolId, classId, periods }),
    specialConditionsOfClass(schoolId, classId, known && { schoolYear: known.schoolYear, studentIds: [...new Map(known.members.filter((m) => !m.until).map((m) => [String(m._id), m._id])).values()] }),
    known?.members ?? listStudentsOfClasses(schoolId, [classId], { withFormer: true }),
  ]);
  return periods.map((period) => summarize({ classId, period, subjects, sets, credited: credited.get(period)!, gifted, thresholds, members }));
}

function summarize(input: {
  classId: Types.ObjectId;
  period: string;
  subjects: Awaited<ReturnType<typeof listSubjects>>;
  sets: Awaited<ReturnType<typeof activeResultSets>>;
  credited: CreditedMarks;
  gifted: Awaited<ReturnType<typeof specialConditionsOfClass>>;
  thresholds: Awaited<ReturnType<typeof getThresholds>>;
  members: ClassMember[];
}) {
  const { classId, period, subjects, sets, credited, gifted, thresholds } = input;
  const set: ResultSet | undefined = sets.get(`${classId}:${period}`);
  const students = membersOfPeriod(input.members, set?.rows);
  // Current marks behind each period mark (seed 001), when the journal's current marks were loaded.
  const current = sets.get(`${classId}:${period}:current`);
  const backing = new Map<string, number>();
  for (const row of current?.rows ?? []) for (const c of row.current ?? []) backing.set(`${row.studentId}:${c.subjectId}`, (backing.get(`${row.studentId}:${c.subjectId}`) ?? 0) + 1);
  const rowOf = new Map((set?.rows ?? []).map((r) => [String(r.studentId), r]));
  // Each mark by «student:subject», the ids turned to text once: a class's summary looks each up a few times.
  const journal = new Map((set?.rows ?? []).flatMap((r) => r.marks.map((m) => [`${r.studentId}:${m.subjectId}`, m.mark] as const)));
  // Lessons planned and given per subject, when the journal's plan report was loaded.
  const plan = new Map((sets.get(`${classId}:${period}:plan`)?.plan ?? []).map((p) => [String(p.subjectId), p]));
  const marked = new Set([...credited.keys(), ...journal.keys()].map((key) => key.split(":")[1]));
  const used = subjects.filter((s) => marked.has(String(s._id)));
  // A result credited by the school's decision (seed 004 §5) stands in for the journal's mark.
  const markOf = (key: `${string}:${string}`): PeriodMark | null => {
    const credit = credited.get(key);
    if (credit) return parseMark(credit.mark) as PeriodMark;
    return journal.get(key) ?? null;
  };
  // The grid of keys and marks, students × subjects, made once for every figure below.
  const subjectIds = used.map((s) => String(s._id));
  const keys = students.map((st) => subjectIds.map((subjectId) => `${String(st._id)}:${subjectId}` as const));
  const grid = keys.map((row) => row.map(markOf));
  const given = (marks: (PeriodMark | null)[]) => marks.filter((m): m is PeriodMark => m !== null);
  return {
    loaded: !!set || credited.size > 0,
    /** Current marks a period mark needs behind it (the school's setting, seed 001). */
    minCurrent: thresholds.periodMarkMinCurrent,
    currentLoaded: !!current,
    loadedAt: set?.createdAt ?? null,
    subjects: used.map((s, j) => {
      const delivery = plan.get(subjectIds[j]);
      return { id: subjectIds[j], name: s.name, measures: subjectMeasures(given(grid.map((row) => row[j]))), plan: delivery ? { planned: delivery.planned, given: delivery.given } : null };
    }),
    students: students.map((st, i) => {
      const row = rowOf.get(String(st._id));
      return {
        id: String(st._id),
        name: fullName(st),
        /** The day the student moved out of the class or left the school, if they did this year. */
        until: st.until,
        marks: grid[i],
        /** Which marks come from a credit decision. */
        credited: keys[i].map((key) => credited.has(key)),
        /** Current marks behind each period mark; null where they were not loaded or the mark is not a grade. */
        backing: grid[i].map((mark, j) => (current && typeof mark === "number" ? (backing.get(keys[i][j]) ?? 0) : null)),
        lessons: row?.lessons ?? null,
        absences: row?.absences ?? null,
        unexcused: row?.unexcused ?? null,
      };
    }),
    measures: classMeasures(grid.map(given)),
    /** Special conditions of certification granted to students of the class (the gifted register). */
    specialConditions: gifted.map((g) => ({ ...g, student: fullName(students.find((st) => String(st._id) === g.studentId) ?? { lastName: "", firstName: "" }) })),
  };
}

/** The summary of a class the user reaches (404 otherwise), for the page and its export; the read is logged. */
export async function readClassSummary(request: Request, user: PublicUser, classId: string) {
  const schoolId = schoolOf(user);
  const schoolClass = await getClass(schoolId, classId);
  if (!schoolClass) notFound();
  const reach = await reachableClassIds(user);
  if (!includesId(reach, schoolClass._id)) notFound();
  const year = (await getYear({ schoolId, yearId: schoolClass.yearId }))!;
  const period = await reportPeriod(schoolId, periodOptions(year, schoolClass.grade), [schoolClass._id], new URL(request.url).searchParams.get("period"));
  const summary = await classSummary(schoolId, schoolClass._id, period);
  await audit(request, user, { action: "read", entity: "class", entityId: String(schoolClass._id), summary: `сводная ведомость ${className(schoolClass)}, период ${period}` });
  return { schoolClass, year, period, summary };
}
