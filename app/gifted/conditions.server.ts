import type { Types } from "mongoose";
import { getYear } from "~models/academic-year.server";
import { getClass } from "~models/class.server";
import { listGiftedRecordsWithConditions } from "~models/gifted.server";
import { listStudentIdsOfClass } from "~models/student.server";

/** Special conditions of certification in force for the students of a class in its school year (seed 004 §3.4). */
export async function specialConditionsOfClass(schoolId: Types.ObjectId, classId: Types.ObjectId) {
  const schoolClass = await getClass(schoolId, String(classId));
  if (!schoolClass) return [];
  const [year, studentIds] = await Promise.all([getYear({ schoolId, yearId: schoolClass.yearId }), listStudentIdsOfClass({ schoolId, classId })]);
  if (!year) return [];
  const records = await listGiftedRecordsWithConditions({ schoolId, studentIds, schoolYear: year.name });
  return records.flatMap((r) =>
    r.conditions.filter((c) => c.schoolYear === year.name && !c.cancelledAt).map((c) => ({ studentId: String(r.studentId), subjects: c.subjects, conditions: c.conditions, order: c.order })),
  );
}
