// The quality report as a family may see it (seed 002 §5.2: results brought to parents where
// needed): their own child's results beside the class's figures — never another child's.
import type { Types } from "mongoose";
import { figure } from "~/domain/indicators";
import { subjectMeasures } from "~/domain/measures";
import { periodOptions } from "~/results/periods";
import { classSummary } from "~/results/summary.server";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";
import { AchievementModel, type Achievement } from "~models/achievement.server";
import { className, ClassModel, type SchoolClass } from "~models/class.server";
import { EnrolmentModel } from "~models/student.server";
import { UUD_GROUPS } from "./report.server";

const FORMED = ["basic", "advanced", "high"];
const UUD_LEVELS: Record<string, string> = { low: "низкий", basic: "базовый", advanced: "повышенный", high: "высокий" };

export async function familyQuality(schoolId: Types.ObjectId, studentId: Types.ObjectId, url: URL) {
  const enrolments = await EnrolmentModel.find({ schoolId, studentId }, { yearId: 1, classId: 1 }).lean<{ yearId: Types.ObjectId; classId: Types.ObjectId }[]>();
  const years = await AcademicYearModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.yearId) } }).sort({ startDate: -1 }).lean<AcademicYear[]>();
  const year = years.find((y) => y.name === url.searchParams.get("year")) ?? years[0];
  if (!year) return null;
  const options = periodOptions(year);
  const period = options.some((o) => o.key === url.searchParams.get("period")) ? url.searchParams.get("period")! : options[0].key;
  const enrolment = enrolments.find((e) => String(e.yearId) === String(year._id))!;
  const schoolClass = (await ClassModel.findOne({ schoolId, _id: enrolment.classId }).lean<SchoolClass>())!;
  const summary = await classSummary(schoolId, schoolClass._id, period);
  const own = summary.students.find((s) => s.id === String(studentId));
  const subjects = summary.subjects.map((s, i) => ({ name: s.name, mark: own?.marks[i] ?? null, classAverage: s.measures.average, classQuality: s.measures.quality }));
  const classmates = (await EnrolmentModel.find({ schoolId, classId: schoolClass._id }, { studentId: 1 }).lean<{ studentId: Types.ObjectId }[]>()).map((e) => String(e.studentId));
  const achievements = await AchievementModel.find(
    { schoolId, academicYear: year.name, status: "verified", supersededBy: null, studentId: { $in: classmates }, kind: { $in: ["uud", "selfGovernment", "volunteering", "award"] } },
    { studentId: 1, kind: 1, details: 1, date: 1 },
  )
    .sort({ date: 1 })
    .lean<Achievement[]>();
  const latest = new Map<string, string>();
  for (const a of achievements.filter((x) => x.kind === "uud")) latest.set(`${a.studentId}|${a.details.uudType}`, String(a.details.uudLevel));
  const uud = (Object.keys(UUD_GROUPS) as (keyof typeof UUD_GROUPS)[]).map((group) => {
    const levels = [...latest].filter(([k]) => k.endsWith(`|${group}`)).map(([, l]) => l);
    const mine = latest.get(`${studentId}|${group}`);
    return { group: UUD_GROUPS[group], own: mine ? UUD_LEVELS[mine] ?? mine : null, classFormed: figure(levels.filter((l) => FORMED.includes(l)).length, levels.length) };
  });
  const mine = achievements.filter((a) => String(a.studentId) === String(studentId));
  const hours = (list: Achievement[]) => list.filter((a) => a.kind === "volunteering").reduce((n, a) => n + (Number(a.details.hours) || 0), 0);
  return {
    years: years.map((y) => y.name),
    year: year.name,
    period,
    options,
    className: className(schoolClass),
    loaded: summary.loaded,
    classMarks: subjectMeasures(summary.students.flatMap((s) => s.marks.filter((m): m is NonNullable<typeof m> => m !== null))).average,
    subjects,
    uud,
    personal: {
      selfGovernment: mine.some((a) => a.kind === "selfGovernment"),
      volunteerHours: hours(mine),
      classVolunteerHours: classmates.length ? Math.round((hours(achievements) / classmates.length) * 10) / 10 : 0,
      awards: mine.filter((a) => a.kind === "award").length,
    },
  };
}
