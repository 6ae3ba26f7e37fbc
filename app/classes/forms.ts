// The administration's forms over the classes of the current year: a new class (on the list of
// classes), and on a class's page its class teacher, its subject teachers and its removal while it
// is empty. No `.server`: the pages use them for their fields and the actions for parsing.
import { z } from "zod";
import { recordId } from "~/forms";

export const GRADE_MIN = 1;
export const GRADE_MAX = 11;
const gradeMessage = `Параллель — целое число от ${GRADE_MIN} до ${GRADE_MAX}`;
const letterMessage = "Литера — одна заглавная русская буква, например «А»";

/** A new class: its grade and letter (5«А»), and its class teacher if already known. */
export const NewClassSchema = z.object({
  intent: z.literal("create"),
  grade: z.number({ error: gradeMessage }).int(gradeMessage).min(GRADE_MIN, gradeMessage).max(GRADE_MAX, gradeMessage),
  // «в» is taken as «В»; a Latin look-alike («A», «B») is not a Russian letter and is refused.
  letter: z.string({ error: letterMessage }).trim().toUpperCase().regex(/^[А-ЯЁ]$/, letterMessage),
  classTeacherId: recordId("Выберите классного руководителя из списка").optional(),
});

/** The class teacher of a class: a new one, or none (the empty choice). */
export const ClassTeacherChoiceSchema = z.object({
  intent: z.literal("class-teacher"),
  teacherId: recordId("Выберите классного руководителя из списка").optional(),
});

/** A teacher of a subject in the class, given or taken. */
export const SubjectTeacherChoiceSchema = z.object({
  intent: z.enum(["add-subject-teacher", "remove-subject-teacher"]),
  subjectId: recordId("Выберите предмет"),
  teacherId: recordId("Выберите учителя"),
});

/** An empty class removed (one made by mistake). */
export const RemoveClassSchema = z.object({ intent: z.literal("remove-class") });

/** Every form of a class's page, told apart by its intent. */
export const ClassPageSchema = z.discriminatedUnion("intent", [ClassTeacherChoiceSchema, SubjectTeacherChoiceSchema, RemoveClassSchema], {
  error: "Неизвестное действие",
});
