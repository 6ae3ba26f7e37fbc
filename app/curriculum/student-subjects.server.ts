// The subjects a student studies in a year: those of their grade in the year's curriculum (every
// subject of the school while the grade's curriculum is not set). What the credit form and the
// special conditions of certification offer, and what they accept.
import type { Types } from "mongoose";
import { subjectsOfGrade } from "~/domain/curriculum";
import { getCurrentYear, getYearByName } from "~models/academic-year.server";
import { getClass } from "~models/class.server";
import { getEnrolment } from "~models/student.server";
import { listSubjects } from "~models/subject.server";

export async function subjectsOfStudent({ schoolId, studentId, yearName }: { schoolId: Types.ObjectId; studentId: Types.ObjectId; yearName?: string }) {
  const [subjects, year] = await Promise.all([listSubjects(schoolId), yearName ? getYearByName({ schoolId, name: yearName }) : getCurrentYear(schoolId)]);
  const enrolment = year ? await getEnrolment(schoolId, studentId, year._id) : null;
  const schoolClass = enrolment ? await getClass(schoolId, String(enrolment.classId)) : null;
  return year && schoolClass ? subjectsOfGrade(year, schoolClass.grade, subjects) : subjects;
}
