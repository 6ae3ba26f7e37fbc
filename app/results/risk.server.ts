// The risk list: the data of each student (latest period marks, absences, trajectory, УУД levels,
// specialists' observations) gathered here, judged by the domain's assessRisk.
import { personName } from "~/domain/audit-change";
import { periodsForGrade } from "~/domain/school-year";
import type { Types } from "mongoose";
import { assessRisk, type RiskReason } from "~/domain/risk";
import { getThresholds } from "~models/school.server";
import { trajectoryDirection } from "~/domain/trajectory";
import { latestUudLevels } from "~/achievements/kinds";
import { UUD_TYPE } from "~models/vocabulary/achievement-kinds";
import { listVerifiedAchievements } from "~models/achievement.server";
import { className, type SchoolClass } from "~models/class.server";
import { fullName, listStudentsOfClasses } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import { resultSeries } from "./series.server";
import { listManualRisk } from "~models/support.server";
import { getCurrentYear, getYear } from "~models/academic-year.server";
import { ledClassIds, schoolOf } from "~/auth/access.server";
import { findClasses } from "~models/class.server";
import type { PublicUser } from "~models/user.server";
import { activeResultSets, type WorkResult } from "~models/results.server";


export interface RiskEntry {
  studentId: string;
  name: string;
  className: string;
  basis: string | null;
  reasons: RiskReason[];
}

/** Each student's control and diagnostic works of the latest period that has any, in their class this year. */
async function latestWorks(schoolId: Types.ObjectId, yearId: Types.ObjectId, classes: SchoolClass[]) {
  const year = await getYear({ schoolId, yearId });
  // Each class's own periods: a grade range may have a system of its own.
  const periodsOf = (c: SchoolClass) => (year ? periodsForGrade(year, c.grade).periods : []).map((p) => String(p.number));
  const sets = await activeResultSets(schoolId, classes.flatMap((c) => periodsOf(c).map((p) => ({ classId: c._id, period: `${p}:works` }))));
  const works = new Map<string, WorkResult[]>();
  for (const c of classes) {
    const latest = [...periodsOf(c)].reverse().map((p) => sets.get(`${c._id}:${p}:works`)).find(Boolean);
    for (const row of latest?.rows ?? []) works.set(String(row.studentId), row.works ?? []);
  }
  return works;
}

export async function riskList(schoolId: Types.ObjectId, yearId: Types.ObjectId, classes: SchoolClass[]): Promise<RiskEntry[]> {
  const students = await listStudentsOfClasses(schoolId, classes.map((c) => c._id));
  const ids = students.map((s) => s._id);
  const [series, subjects, records, manual, works, thresholds] = await Promise.all([
    resultSeries(schoolId, ids),
    listSubjects(schoolId),
    listVerifiedAchievements({ schoolId, studentIds: ids, kinds: ["uud", "personal"] }),
    listManualRisk(schoolId, yearId, ids),
    latestWorks(schoolId, yearId, classes),
    getThresholds(schoolId),
  ]);
  const subjectName = new Map(subjects.map((s) => [String(s._id), s.name]));
  const yearAgo = new Date(Date.now() - 365 * 24 * 3600_000);
  const group = <T extends { studentId: unknown }>(items: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(String(item.studentId), [...(map.get(String(item.studentId)) ?? []), item]);
    return map;
  };
  const recordsOf = group(records);
  const uudOf = latestUudLevels(records);
  const manualOf = group(manual);
  const classOf = new Map(classes.map((c) => [String(c._id), c]));
  return students
    .map((student) => {
      const mine = series.get(String(student._id))!;
      const own = recordsOf.get(String(student._id)) ?? [];
      const row = mine.latest?.row;
      const reasons = assessRisk({
        periodMarks: (row?.marks ?? []).map((m) => ({ subject: subjectName.get(String(m.subjectId)) ?? "предмет", mark: m.mark })),
        overallDirection: trajectoryDirection(mine.labels.map((label, i) => ({ label, value: mine.overall[i] }))).direction,
        unexcusedAbsences: row?.unexcused ?? 0,
        lessons: row?.lessons ?? null,
        works: (works.get(String(student._id)) ?? []).map((w) => ({ title: `${subjectName.get(String(w.subjectId)) ?? ""}, ${w.title}`, mark: w.mark, percent: w.percent })),
        uud: [...(uudOf.get(String(student._id)) ?? [])].map(([group, level]) => ({ group: UUD_TYPE[group] ?? group, level })),
        maladjustmentNotes: own.filter((r) => r.kind === "personal" && r.details.adaptation === "concern" && r.date >= yearAgo).length,
        manual: (manualOf.get(String(student._id)) ?? []).map((m) => ({ reason: m.manualReason, by: personName(m.manualBy) })),
      }, thresholds);
      const schoolClass = classOf.get(String(student.classId))!;
      return { studentId: String(student._id), name: fullName(student), className: className(schoolClass), basis: mine.latest?.label ?? null, reasons };
    })
    .filter((entry) => entry.reasons.length > 0);
}

/** The risk group this person works with this year: the school's for the administration and the specialists, a class teacher's class's. */
export async function riskListFor(user: PublicUser) {
  const schoolId = schoolOf(user);
  const year = await getCurrentYear(schoolId);
  if (!year) return { entries: [] as RiskEntry[], classes: [] as SchoolClass[] };
  const wholeSchool = user.roles.includes("admin") || user.roles.includes("specialist");
  const classes = await findClasses({ schoolId, yearId: year._id, classIds: wholeSchool ? undefined : await ledClassIds(user) });
  return { entries: await riskList(schoolId, year._id, classes), classes };
}
