// Builds a school in the database: years, subjects, classes, students with their enrolments.
// Shared by the demo school and the synthetic one, so both have the same shape.
import { Types } from "mongoose";
import { defaultPeriods, schoolYearBounds, schoolYearName, schoolYearStart } from "~/domain/school-year";
import { insertYears } from "~models/academic-year.server";
import { insertClasses } from "~models/class.server";
import type { PeriodKind } from "~models/vocabulary/periods";
import { insertEnrolments, insertStudents, setStudentsLeftAt, type NewStudent } from "~models/student.server";
import { insertSubjects } from "~models/subject.server";
import { ALL_SUBJECTS, SUBJECTS_BY_LEVEL } from "~models/vocabulary/curriculum";
import { randomPerson, type PersonName, type Random } from "./russian-names";

export { SUBJECTS_BY_LEVEL, ALL_SUBJECTS };

export async function createSubjects(schoolId: Types.ObjectId) {
  const created = await insertSubjects({ schoolId, subjects: ALL_SUBJECTS.map((name, order) => ({ name, order })) });
  return new Map(created.map((s) => [s.name, s._id]));
}

/** The current school year and the `previous` ones before it, periods of the school's kind. */
export async function createYears(schoolId: Types.ObjectId, kind: PeriodKind, today: Date, previous: number) {
  const current = schoolYearStart(today);
  const years = [];
  for (let start = current - previous; start <= current; start++) {
    years.push({
      name: schoolYearName(start),
      ...schoolYearBounds(start),
      periodKind: kind,
      periods: defaultPeriods(kind, start),
      current: start === current,
      closedAt: start < current ? new Date(Date.UTC(start + 1, 5, 30)) : null,
    });
  }
  const created = await insertYears({ schoolId, years });
  return created.map((y) => ({ _id: y._id, startYear: Number(y.name.slice(0, 4)) }));
}

export interface BuiltStudent extends PersonName {
  _id: Types.ObjectId;
}

/**
 * A class that goes up a grade each year: one class document per year and the same students
 * enrolled in each. `grade` is this year's grade; years before start lower.
 */
export async function createCohort(options: {
  schoolId: Types.ObjectId;
  years: { _id: Types.ObjectId; startYear: number }[];
  grade: number;
  letter: string;
  size: number;
  random: Random;
  classTeacherId?: Types.ObjectId | null;
}) {
  const { schoolId, years, grade, letter, size, random } = options;
  const currentStart = years[years.length - 1].startYear;
  const wanted = [];
  for (const year of years) {
    const yearGrade = grade - (currentStart - year.startYear);
    // Before first grade, or after the eleventh: a cohort that has left has no class that year.
    if (yearGrade < 1 || yearGrade > 11) continue;
    wanted.push({
      yearId: year._id,
      grade: yearGrade,
      letter,
      classTeacherId: year.startYear === currentStart ? (options.classTeacherId ?? null) : null,
    });
  }
  const classes = (await insertClasses({ schoolId, classes: wanted })).map((c) => ({ _id: c._id, yearId: c.yearId, grade: c.grade }));
  const firstGradeYear = currentStart - grade + 1;
  const students: BuiltStudent[] = [];
  const docs: NewStudent[] = [];
  for (let i = 0; i < size; i++) {
    const person = randomPerson(random);
    const birthYear = currentStart - grade - 6;
    const _id = new Types.ObjectId();
    students.push({ _id, ...person });
    docs.push({
      _id,
      ...person,
      birthDate: new Date(Date.UTC(birthYear, random.int(0, 11), random.int(1, 28))),
      enrolledAt: new Date(Date.UTC(firstGradeYear, 8, 1)),
    });
  }
  await insertStudents({ schoolId, students: docs });
  await insertEnrolments({
    schoolId,
    enrolments: classes.flatMap((c) => students.map((s) => ({ studentId: s._id, yearId: c.yearId, classId: c._id }))),
  });
  const current = classes[classes.length - 1];
  // A cohort past the eleventh grade has graduated: its students left at the end of their last year.
  if (grade > 11) {
    const graduated = new Date(Date.UTC(currentStart - (grade - 11) + 1, 5, 25));
    await setStudentsLeftAt({ schoolId, studentIds: students.map((s) => s._id), leftAt: graduated });
  }
  return { classId: current._id, classes, students };
}
