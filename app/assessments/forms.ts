// The forms of the external assessments page (ВПР, ОГЭ, ГВЭ, ЕГЭ), one zod schema each: a results
// file and one result typed on the page. No `.server`: the page uses them for its fields and the
// action for parsing. The file itself comes beside the form (multer) and is checked as a table.
import { z } from "zod";
import { FORM_MESSAGES } from "~/http/form-messages";
import { ASSESSMENT_KIND_CODES, type AssessmentKind } from "~models/vocabulary/assessment-kinds";



const kind = z.enum(ASSESSMENT_KIND_CODES as [AssessmentKind, ...AssessmentKind[]], { error: "Выберите процедуру из списка" });
const year = z.string({ error: "Выберите учебный год" }).regex(/^\d{4}\/\d{4}$/, "Выберите учебный год");

/** «Загрузить»: the procedure and school year of a results file. */
export const ExternalFileForm = z.object({
  intent: z.literal("file", { error: FORM_MESSAGES.unreadable }).default("file"),
  kind,
  year,
  /** Read beside the form and checked as a table; named here so the page draws it with its reasons. */
  file: z.unknown().optional(),
});

/** The longest value of each field of a typed result. */
export const ENTRY_LIMITS = { name: 200, className: 10, subject: 200, mark: 1, points: 5 } as const;

/** «Записать результат»: one result typed on the page, checked as a file's row. */
export const ExternalEntryForm = z.object({
  intent: z.literal("entry", { error: FORM_MESSAGES.unreadable }),
  kind,
  year,
  name: z.string({ error: "Укажите обучающегося" }).trim().min(1, "Укажите обучающегося").max(ENTRY_LIMITS.name, `Не длиннее ${ENTRY_LIMITS.name} символов`),
  className: z.string().trim().max(ENTRY_LIMITS.className, `Не длиннее ${ENTRY_LIMITS.className} символов`).optional(),
  subject: z.string({ error: "Укажите предмет" }).trim().min(1, "Укажите предмет").max(ENTRY_LIMITS.subject, `Не длиннее ${ENTRY_LIMITS.subject} символов`),
  mark: z.string().trim().max(ENTRY_LIMITS.mark, "Отметка — одна цифра").optional(),
  points: z.string().trim().max(ENTRY_LIMITS.points, `Баллы — не длиннее ${ENTRY_LIMITS.points} знаков`).optional(),
});

/** The columns of a typed result, as a file would name them, and the field each one comes from. */
export const ENTRY_COLUMNS = { ФИО: "name", Класс: "className", Предмет: "subject", Отметка: "mark", Баллы: "points" } as const;
