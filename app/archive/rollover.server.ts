// Closing a school year (seed 004 §7; the design's yearly archive): the year's marks and
// achievements become read-only, and the school moves on to the next year — each class goes up a
// grade with its letter, its class teacher and its subject teachers; graduates of the 11th grade
// leave on the day given; a student may stay back (the same grade next year) or leave. Nothing of
// the old year is rewritten: its classes and enrolments stay as they were, so last year's class
// summary shows exactly what it showed before. The engine has no transactions: every step is an
// idempotent write, in an order that a cut-off closing can simply be run again.
import type { Types } from "mongoose";
import { defaultPeriods, nextGradeSystems, parseSchoolYearName, schoolYearBounds, schoolYearName } from "~/domain/school-year";
import { russianCollator } from "~/domain/format";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { ensureYear, findYearById, getCurrentYear, markYearClosed, setYearCurrent, type CurriculumLine } from "~models/academic-year.server";
import { className, ensureClass, findClasses, listClasses, type SchoolClass } from "~models/class.server";
import type { Move } from "~models/vocabulary/year-moves";
import { ensureEnrolment, fullName, listStudentIdsNotLeft, listStudentIdsOfClasses, listStudentsOfClasses, markStudentLeft } from "~models/student.server";

/** The last grade: its students leave with a certificate when promoted. */
export const LAST_GRADE = 11;

export interface RolloverPlan {
  year: { id: string; name: string; closedAt: Date | null };
  next: string;
  classes: {
    id: string;
    name: string;
    /** Where the class goes next year: «6А», or null for graduates. */
    nextName: string | null;
    students: { id: string; name: string; leftAt: Date | null }[];
  }[];
}

/** The current year and, class by class, where its students go. */
export async function rolloverPlan(schoolId: Types.ObjectId): Promise<RolloverPlan | null> {
  const year = await getCurrentYear(schoolId);
  if (!year) return null;
  const classes = await listClasses(schoolId, year._id);
  const students = await listStudentsOfClasses(schoolId, classes.map((c) => c._id));
  return {
    year: { id: String(year._id), name: year.name, closedAt: year.closedAt ?? null },
    next: schoolYearName(parseSchoolYearName(year.name)! + 1),
    classes: classes.map((c) => ({
      id: String(c._id),
      name: className(c),
      nextName: c.grade >= LAST_GRADE ? null : className({ grade: c.grade + 1, letter: c.letter }),
      students: students
        .filter((s) => String(s.classId) === String(c._id))
        .map((s) => ({ id: String(s._id), name: fullName(s), leftAt: s.leftAt ?? null }))
        .sort((a, b) => russianCollator.compare(a.name, b.name)),
    })),
  };
}

/**
 * Closes the current year and opens the next. `moves` holds the exceptions (stays back, leaves);
 * everyone else is promoted. Run again after a cut-off closing, it finishes what is missing.
 */
export async function closeYear(input: { schoolId: Types.ObjectId; yearId: string; moves: Map<string, Move>; leavingDate: Date }) {
  const { schoolId, moves, leavingDate } = input;
  const year = await findYearById({ schoolId, yearId: input.yearId });
  if (!year) throw new NotFound("Нет такого учебного года");
  // Someone else closed it between the page and this press.
  if (!year.current) throw new Conflict(`Учебный год ${year.name} уже закрыт и переведён`);
  if (leavingDate < year.startDate || leavingDate > new Date(year.endDate.getTime() + 24 * 3600_000)) {
    throw new RefusedByRule(`Дата выбытия выпускников должна быть в пределах ${year.name} учебного года`, "leavingDate");
  }
  const startYear = parseSchoolYearName(year.name)! + 1;
  const nextName = schoolYearName(startYear);

  // 1. The old year is read-only from here on.
  await markYearClosed({ schoolId, yearId: year._id });

  // 2. The next year, its classes, and each student's place in it.
  const next = await ensureYear({
    schoolId,
    year: { name: nextName, ...schoolYearBounds(startYear), periodKind: year.periodKind, periods: defaultPeriods(year.periodKind, startYear), gradeSystems: nextGradeSystems(year, startYear), curriculum: (year.curriculum ?? []) as CurriculumLine[], current: false, closedAt: null },
  });
  // By grade and letter: the order of the classes' unique index, as the engine gives them.
  const classes = await findClasses({ schoolId, yearId: year._id });
  const nextClassId = new Map<string, Types.ObjectId>();
  const classFor = async (grade: number, letter: string, from: SchoolClass | null) => {
    const key = `${grade}${letter}`;
    if (!nextClassId.has(key)) {
      const made = await ensureClass({ schoolId, yearId: next!._id, grade, letter, classTeacherId: from?.classTeacherId ?? null, subjectTeachers: from?.subjectTeachers ?? [] });
      nextClassId.set(key, made!._id);
    }
    return nextClassId.get(key)!;
  };
  // Each class's next one first, so it carries the class's teachers even when a student staying back
  // in the grade below joins it.
  for (const schoolClass of classes) if (schoolClass.grade < LAST_GRADE) await classFor(schoolClass.grade + 1, schoolClass.letter, schoolClass);
  const counts = { promoted: 0, repeated: 0, left: 0 };
  for (const schoolClass of classes) {
    const studentIds = await listStudentIdsOfClasses({ schoolId, classIds: [schoolClass._id] });
    const stillHere = new Set((await listStudentIdsNotLeft({ schoolId, studentIds })).map(String));
    for (const studentId of studentIds) {
      if (!stillHere.has(String(studentId))) continue;
      const move = moves.get(String(studentId)) ?? "promote";
      if (move === "leave" || (move === "promote" && schoolClass.grade >= LAST_GRADE)) {
        await markStudentLeft({ schoolId, studentId, leftAt: leavingDate });
        counts.left++;
        continue;
      }
      const grade = move === "repeat" ? schoolClass.grade : schoolClass.grade + 1;
      const classId = await classFor(grade, schoolClass.letter, move === "repeat" ? null : schoolClass);
      await ensureEnrolment({ schoolId, studentId, yearId: next!._id, classId });
      counts[move === "repeat" ? "repeated" : "promoted"]++;
    }
  }

  // 3. The new year becomes the current one; then the old one stops being it.
  await setYearCurrent({ schoolId, yearId: next!._id, current: true });
  await setYearCurrent({ schoolId, yearId: year._id, current: false });
  return { closed: year.name, opened: nextName, ...counts };
}
