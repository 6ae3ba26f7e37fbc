// ГИР eligibility from the stored records: a student's verdicts for a school year, and the
// qualifying students of the school (or of some classes) with the entries that made them qualify.
import type { Types } from "mongoose";
import { GIFTED_KINDS, giftedEligibility, type GiftedAchievement } from "~/domain/gifted";
import { type GiftedListEntry } from "~models/vocabulary/gifted";
import type { Kind } from "~models/vocabulary/achievement-kinds";
import { getYearByName } from "~models/academic-year.server";
import { listStudentAchievements, listVerifiedAchievements, type Achievement } from "~models/achievement.server";
import { className, findClasses } from "~models/class.server";
import { getGiftedList } from "~models/gifted.server";
import { fullName, listEnrolmentsOfClasses, listStudentNames } from "~models/student.server";
import { compareClassNames, russianCollator } from "~/domain/format";

const asGifted = (a: Achievement): GiftedAchievement => ({ id: String(a._id), kind: a.kind as Kind, status: a.status, academicYear: a.academicYear, title: a.title, details: a.details });

async function listEntries(schoolId: Types.ObjectId, year: string): Promise<GiftedListEntry[] | null> {
  const list = await getGiftedList(schoolId, year);
  return list ? (list.entries as GiftedListEntry[]) : null;
}

export async function studentEligibility(schoolId: Types.ObjectId, studentId: Types.ObjectId, year: string) {
  const [achievements, entries] = await Promise.all([listStudentAchievements(schoolId, studentId, { verifiedOnly: false }), listEntries(schoolId, year)]);
  return giftedEligibility(achievements.map(asGifted), year, entries);
}

export interface QualifyingRow {
  studentId: string;
  student: string;
  className: string;
  achievement: string;
  date: Date;
  entry: GiftedListEntry;
}

/** Every qualifying result of a school year: students of that year's classes (all, or `classIds`), by class and name. */
export async function qualifyingStudents(schoolId: Types.ObjectId, year: string, classIds: Types.ObjectId[] | null): Promise<{ listLoaded: boolean; rows: QualifyingRow[] }> {
  const entries = await listEntries(schoolId, year);
  if (!entries) return { listLoaded: false, rows: [] };
  const academicYear = await getYearByName({ schoolId, name: year });
  const classes = academicYear ? await findClasses({ schoolId, yearId: academicYear._id, ...(classIds ? { classIds } : {}) }) : [];
  const enrolments = await listEnrolmentsOfClasses({ schoolId, classIds: classes.map((c) => c._id) });
  const studentIds = enrolments.map((e) => e.studentId);
  const [students, achievements] = await Promise.all([
    listStudentNames({ schoolId, studentIds }),
    listVerifiedAchievements({ schoolId, kinds: [...GIFTED_KINDS], studentIds, academicYears: [year] }),
  ]);
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  const classOf = new Map(enrolments.map((e) => [String(e.studentId), classes.find((c) => String(c._id) === String(e.classId))!]));
  const rows: QualifyingRow[] = [];
  const byStudent = new Map<string, Achievement[]>();
  for (const a of achievements) byStudent.set(String(a.studentId), [...(byStudent.get(String(a.studentId)) ?? []), a]);
  for (const [studentId, mine] of byStudent) {
    for (const verdict of giftedEligibility(mine.map(asGifted), year, entries).verdicts) {
      if (!verdict.qualifies) continue;
      const achievement = mine.find((a) => String(a._id) === verdict.achievement.id)!;
      rows.push({ studentId, student: nameOf.get(studentId) ?? "", className: className(classOf.get(studentId)!), achievement: achievement.title, date: achievement.date, entry: verdict.entry });
    }
  }
  rows.sort((a, b) => compareClassNames(a.className, b.className) || russianCollator.compare(a.student, b.student));
  return { listLoaded: true, rows };
}
