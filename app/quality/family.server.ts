// The quality report as a family may see it (seed 002 §5.2: results brought to parents where
// needed): their own child's results beside the class's figures — never another child's.
import type { Types } from "mongoose";
import { latestUudLevels } from "~/achievements/kinds";
import { UUD_LEVEL, UUD_TYPE } from "~models/vocabulary/achievement-kinds";
import { periodOptions } from "~/results/periods";
import { classSummary } from "~/results/summary.server";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";
import { AchievementModel, type Achievement } from "~models/achievement.server";
import { className, ClassModel, type SchoolClass } from "~models/class.server";
import { EnrolmentModel } from "~models/student.server";
import { ACTIVITY_KINDS, formedShare, volunteerHours } from "./report.server";

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
    { schoolId, academicYear: year.name, status: "verified", supersededBy: null, studentId: { $in: classmates }, kind: { $in: ACTIVITY_KINDS } },
    { studentId: 1, kind: 1, details: 1, date: 1 },
  )
    .sort({ date: 1 })
    .lean<Achievement[]>();
  const latest = latestUudLevels(achievements);
  const uud = Object.entries(UUD_TYPE).map(([group, label]) => {
    const level = latest.get(String(studentId))?.get(group);
    return { group: label, own: level ? (UUD_LEVEL[level] ?? level) : null, classFormed: formedShare(latest, group) };
  });
  const mine = achievements.filter((a) => String(a.studentId) === String(studentId));
  return {
    years: years.map((y) => y.name),
    year: year.name,
    period,
    options,
    className: className(schoolClass),
    loaded: summary.loaded,
    subjects,
    uud,
    personal: {
      selfGovernment: mine.some((a) => a.kind === "selfGovernment"),
      volunteerHours: volunteerHours(mine),
      classVolunteerHours: classmates.length ? Math.round((volunteerHours(achievements) / classmates.length) * 10) / 10 : 0,
      awards: mine.filter((a) => a.kind === "award").length,
    },
  };
}
