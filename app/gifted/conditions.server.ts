import type { Types } from "mongoose";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";
import { ClassModel, type SchoolClass } from "~models/class.server";
import { GiftedRecordModel, type GiftedRecord } from "~models/gifted.server";
import { EnrolmentModel, type Enrolment } from "~models/student.server";

/** Special conditions of certification in force for the students of a class in its school year (seed 004 §3.4). */
export async function specialConditionsOfClass(schoolId: Types.ObjectId, classId: Types.ObjectId) {
  const schoolClass = await ClassModel.findOne({ _id: classId, schoolId }).lean<SchoolClass>();
  if (!schoolClass) return [];
  const [year, enrolments] = await Promise.all([
    AcademicYearModel.findOne({ _id: schoolClass.yearId, schoolId }).lean<AcademicYear>(),
    EnrolmentModel.find({ schoolId, classId }, { studentId: 1 }).lean<Enrolment[]>(),
  ]);
  if (!year) return [];
  const records = await GiftedRecordModel.find({ schoolId, studentId: { $in: enrolments.map((e) => e.studentId) }, "conditions.schoolYear": year.name }).lean<GiftedRecord[]>();
  return records.flatMap((r) =>
    r.conditions.filter((c) => c.schoolYear === year.name && !c.cancelledAt).map((c) => ({ studentId: String(r.studentId), subjects: c.subjects, conditions: c.conditions, order: c.order })),
  );
}
