// Builds a school in the database: years, subjects, classes, students with their enrolments.
// Shared by the demo school and the synthetic one, so both have the same shape.
import { Types } from "mongoose";
import { defaultPeriods, schoolYearBounds, schoolYearName, schoolYearStart } from "~/domain/school-year";
import { AcademicYearModel } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import type { PeriodKind } from "~models/vocabulary/periods";
import { EnrolmentModel, StudentModel } from "~models/student.server";
import { SubjectModel } from "~models/subject.server";
import { randomPerson, type PersonName, type Random } from "./russian-names";

export const SUBJECTS_BY_LEVEL: Record<"primary" | "basic" | "senior", string[]> = {
  primary: ["Русский язык", "Литературное чтение", "Математика", "Окружающий мир", "Английский язык", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура"],
  basic: ["Русский язык", "Литература", "Математика", "Алгебра", "Геометрия", "Вероятность и статистика", "Английский язык", "История", "Обществознание", "География", "Биология", "Физика", "Химия", "Информатика", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура", "ОБЗР"],
  senior: ["Русский язык", "Литература", "Алгебра", "Геометрия", "Английский язык", "История", "Обществознание", "Физика", "Химия", "Биология", "Информатика", "Физическая культура", "ОБЗР", "Индивидуальный проект"],
};

export const ALL_SUBJECTS = [...new Set(Object.values(SUBJECTS_BY_LEVEL).flat())];

export async function createSubjects(schoolId: Types.ObjectId) {
  const docs = ALL_SUBJECTS.map((name, order) => ({ schoolId, name, order }));
  const created = await SubjectModel.insertMany(docs);
  return new Map(created.map((s) => [s.name as string, s._id as Types.ObjectId]));
}

/** The current school year and the `previous` ones before it, periods of the school's kind. */
export async function createYears(schoolId: Types.ObjectId, kind: PeriodKind, today: Date, previous: number) {
  const current = schoolYearStart(today);
  const years = [];
  for (let start = current - previous; start <= current; start++) {
    years.push({
      schoolId,
      name: schoolYearName(start),
      ...schoolYearBounds(start),
      periodKind: kind,
      periods: defaultPeriods(kind, start),
      current: start === current,
      closedAt: start < current ? new Date(Date.UTC(start + 1, 5, 30)) : null,
    });
  }
  const created = await AcademicYearModel.insertMany(years);
  return created.map((y) => ({ _id: y._id as Types.ObjectId, startYear: Number(String(y.name).slice(0, 4)) }));
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
  const classes: { _id: Types.ObjectId; yearId: Types.ObjectId; grade: number }[] = [];
  for (const year of years) {
    const yearGrade = grade - (currentStart - year.startYear);
    // Before first grade, or after the eleventh: a cohort that has left has no class that year.
    if (yearGrade < 1 || yearGrade > 11) continue;
    const doc = await ClassModel.create({
      schoolId,
      yearId: year._id,
      grade: yearGrade,
      letter,
      classTeacherId: year.startYear === currentStart ? (options.classTeacherId ?? null) : null,
    });
    classes.push({ _id: doc._id as Types.ObjectId, yearId: year._id, grade: yearGrade });
  }
  const firstGradeYear = currentStart - grade + 1;
  const students: BuiltStudent[] = [];
  const docs = [];
  for (let i = 0; i < size; i++) {
    const person = randomPerson(random);
    const birthYear = currentStart - grade - 6;
    const _id = new Types.ObjectId();
    students.push({ _id, ...person });
    docs.push({
      _id,
      schoolId,
      ...person,
      birthDate: new Date(Date.UTC(birthYear, random.int(0, 11), random.int(1, 28))),
      enrolledAt: new Date(Date.UTC(firstGradeYear, 8, 1)),
    });
  }
  await StudentModel.insertMany(docs);
  await EnrolmentModel.insertMany(
    classes.flatMap((c) => students.map((s) => ({ schoolId, studentId: s._id, yearId: c.yearId, classId: c._id }))),
  );
  const current = classes[classes.length - 1];
  // A cohort past the eleventh grade has graduated: its students left at the end of their last year.
  if (grade > 11) {
    const graduated = new Date(Date.UTC(currentStart - (grade - 11) + 1, 5, 25));
    await StudentModel.updateMany({ _id: { $in: students.map((s) => s._id) } }, { $set: { leftAt: graduated } });
  }
  return { classId: current._id, classes, students };
}
