// Which subjects a grade studies in a year and how each is assessed, from the year's curriculum.
// A grade whose curriculum is not set studies every subject of the school (as before one was set).
import { UNMARKED_GRADE, type Assessment } from "~models/vocabulary/curriculum";

export interface CurriculumOf {
  curriculum?: { grade: number; subjectId: unknown; assessment: string }[] | null;
}

/** Whether the year's curriculum says anything about this grade. */
export const curriculumSet = (year: CurriculumOf, grade: number) => (year.curriculum ?? []).some((line) => line.grade === grade);

/** The subjects (of those given, in their order) a grade studies that year, each with its assessment. */
export function subjectsOfGrade<S extends { _id: unknown }>(year: CurriculumOf, grade: number, subjects: S[]): (S & { assessment: Assessment })[] {
  const lines = (year.curriculum ?? []).filter((line) => line.grade === grade);
  const assessmentOf = new Map(lines.map((line) => [String(line.subjectId), line.assessment as Assessment]));
  const studied = lines.length ? subjects.filter((s) => assessmentOf.has(String(s._id))) : subjects;
  return studied.map((s) => ({ ...s, assessment: grade === UNMARKED_GRADE ? "none" : (assessmentOf.get(String(s._id)) ?? "marks") }));
}
