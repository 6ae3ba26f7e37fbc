// The year's curriculum (учебный план) as the administration sets it on «Учебный план»: which
// subjects each grade studies and how each is assessed (marks 1–5 or pass/fail; grade 1 without
// marks, seed 001), the school's subjects, and the usual curriculum to start from.
import type { Types } from "mongoose";
import { editableYear, editableYears } from "~/admin/year-periods.server";
import { RefusedByRule } from "~/http/refusals";
import { setCurriculum, type CurriculumLine } from "~models/academic-year.server";
import { addSubject, insertSubjects, listSubjects } from "~models/subject.server";
import { GRADES, standardSubjectsOfGrade, UNMARKED_GRADE, type Assessment } from "~models/vocabulary/curriculum";

export async function curriculumView(schoolId: Types.ObjectId) {
  const years = await editableYears(schoolId);
  if (!years.length) return null;
  const subjects = await listSubjects(schoolId);
  return {
    subjects: subjects.map((s) => ({ id: String(s._id), name: s.name })),
    years: years.map((year) => ({
      id: String(year._id),
      name: year.name,
      current: !!year.current,
      cells: Object.fromEntries((year.curriculum ?? []).map((line) => [`${line.subjectId}:${line.grade}`, line.assessment as Assessment])),
      gradesSet: GRADES.filter((g) => (year.curriculum ?? []).some((line) => line.grade === g)),
    })),
  };
}

const openYear = (schoolId: Types.ObjectId, yearId: string) => editableYear(schoolId, yearId, "его учебный план не меняется");

/** The curriculum as the page's cells give it: «<subject>:<grade>:<assessment>» for each subject a grade studies. */
export async function saveCurriculum({ schoolId, yearId, cells }: { schoolId: Types.ObjectId; yearId: string; cells: string[] }) {
  const year = await openYear(schoolId, yearId);
  const known = new Map((await listSubjects(schoolId)).map((s) => [String(s._id), s]));
  const lines: CurriculumLine[] = [];
  for (const cell of cells) {
    const [subjectId, gradeText, assessment] = cell.split(":");
    const subject = known.get(subjectId);
    const grade = Number(gradeText);
    if (!subject || !Number.isInteger(grade) || grade < 1 || grade > 11) throw new RefusedByRule("В плане предмет или класс, которых нет: обновите страницу", "cells");
    // Grade 1 studies without marks (seed 001), whatever was chosen.
    lines.push({ grade, subjectId: subject._id, assessment: grade === UNMARKED_GRADE ? "none" : (assessment as Assessment) === "none" ? "marks" : (assessment as Assessment) });
  }
  await setCurriculum({ schoolId, yearId: year._id, curriculum: lines });
  return { year: year.name, lines: lines.length };
}

/** The usual curriculum (ФГОС) for the year, its subjects added to the school's list where missing. */
export async function applyStandardCurriculum({ schoolId, yearId }: { schoolId: Types.ObjectId; yearId: Types.ObjectId | string }) {
  const year = await openYear(schoolId, String(yearId));
  const existing = await listSubjects(schoolId);
  const wanted = [...new Set(GRADES.flatMap(standardSubjectsOfGrade))];
  const missing = wanted.filter((name) => !existing.some((s) => s.name === name));
  const start = existing.reduce((max, s) => Math.max(max, s.order ?? 0), -1) + 1;
  if (missing.length) await insertSubjects({ schoolId, subjects: missing.map((name, i) => ({ name, order: start + i })) });
  const byName = new Map((await listSubjects(schoolId)).map((s) => [s.name, s._id]));
  const lines: CurriculumLine[] = GRADES.flatMap((grade) =>
    standardSubjectsOfGrade(grade).map((name) => ({ grade, subjectId: byName.get(name)!, assessment: (grade === UNMARKED_GRADE ? "none" : "marks") as Assessment })),
  );
  await setCurriculum({ schoolId, yearId: year._id, curriculum: lines });
  return { year: year.name, subjectsAdded: missing.length };
}

/** A subject the school teaches, added to its list (then placed in the curriculum). */
export async function newSubject({ schoolId, name }: { schoolId: Types.ObjectId; name: string }) {
  const made = await addSubject({ schoolId, name });
  if (!made) throw new RefusedByRule(`Предмет «${name}» уже есть`, "name");
  return made.name;
}
