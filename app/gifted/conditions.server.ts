import type { Types } from "mongoose";
import { getYear } from "~models/academic-year.server";
import { getClass } from "~models/class.server";
import { listGiftedRecordsWithConditions } from "~models/gifted.server";
import { listStudentIdsOfClass } from "~models/student.server";

/**
 * Special conditions of certification in force for the students of a class in its school year
 * (seed 004 §3.4). `known`: the year's name and the students in the class now, when the caller has them.
 */
export async function specialConditionsOfClass(schoolId: Types.ObjectId, classId: Types.ObjectId, known?: { schoolYear: string; studentIds: Types.ObjectId[] }) {
  const { schoolYear, studentIds } = known ?? (await classNow(schoolId, classId)) ?? {};
  if (!schoolYear || !studentIds) return [];
  const records = await listGiftedRecordsWithConditions({ schoolId, studentIds, schoolYear });
  return records.flatMap((r) =>
    r.conditions.filter((c) => c.schoolYear === schoolYear && !c.cancelledAt).map((c) => ({ studentId: String(r.studentId), subjects: c.subjects, conditions: c.conditions, order: c.order })),
  );
}

/** The class's year and the students in it now. */
async function classNow(schoolId: Types.ObjectId, classId: Types.ObjectId) {
  const schoolClass = await getClass(schoolId, String(classId));
  if (!schoolClass) return null;
  const [year, studentIds] = await Promise.all([getYear({ schoolId, yearId: schoolClass.yearId }), listStudentIdsOfClass({ schoolId, classId })]);
  return year ? { schoolYear: year.name, studentIds } : null;
}
