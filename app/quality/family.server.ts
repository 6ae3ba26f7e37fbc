// The quality report as a family may see it (seed 002 §5.2: results brought to parents where
// needed): their own child's results beside the class's figures — never another child's.
import type { Types } from "mongoose";
import { latestUudLevels } from "~/achievements/kinds";
import { UUD_LEVEL, UUD_TYPE } from "~models/vocabulary/achievement-kinds";
import { periodOptions } from "~/results/periods";
import { classSummary } from "~/results/summary.server";
import { listYearsByIds } from "~models/academic-year.server";
import { listVerifiedAchievements } from "~models/achievement.server";
import { className, getClass } from "~models/class.server";
import { listEnrolmentsOfStudents, listStudentIdsOfClass } from "~models/student.server";
import { ACTIVITY_KINDS, formedShare, volunteerHours } from "./report.server";

export async function familyQuality(schoolId: Types.ObjectId, studentId: Types.ObjectId, url: URL) {
  const enrolments = await listEnrolmentsOfStudents({ schoolId, studentIds: [studentId] });
  const years = await listYearsByIds({ schoolId, yearIds: enrolments.map((e) => e.yearId), order: "newestFirst" });
  const year = years.find((y) => y.name === url.searchParams.get("year")) ?? years[0];
  if (!year) return null;
  const options = periodOptions(year);
  const period = options.some((o) => o.key === url.searchParams.get("period")) ? url.searchParams.get("period")! : options[0].key;
  const enrolment = enrolments.find((e) => String(e.yearId) === String(year._id))!;
  const schoolClass = (await getClass(schoolId, String(enrolment.classId)))!;
  const summary = await classSummary(schoolId, schoolClass._id, period);
  const own = summary.students.find((s) => s.id === String(studentId));
  const subjects = summary.subjects.map((s, i) => ({ name: s.name, mark: own?.marks[i] ?? null, classAverage: s.measures.average, classQuality: s.measures.quality }));
  const classmates = (await listStudentIdsOfClass({ schoolId, classId: schoolClass._id })).map(String);
  const achievements = await listVerifiedAchievements({ schoolId, academicYears: [year.name], studentIds: classmates, kinds: ACTIVITY_KINDS, fields: ["studentId", "kind", "details", "date"] });
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
