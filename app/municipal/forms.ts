// The forms of the municipal pages, one zod schema each: a school's own file of indicators, the
// rule of positive dynamics, the ЕГЭ minimums by year and a school's indicators 18–21 for a year.
// No `.server`: the pages use them for their fields and the actions for parsing.
import { z } from "zod";
import { DYNAMICS_MODES, type DynamicsRule } from "~/domain/indicators";
import { FORM_MESSAGES } from "~/http/form-messages";
import { MATHS_PROFILE, RUSSIAN } from "~models/vocabulary/assessment-kinds";

/** The largest school file of indicators: numbers only, far below this. */
export const SCHOOL_FILE_MAX_BYTES = 1024 * 1024;
export const SCHOOL_FILE_MAX_TEXT = `${SCHOOL_FILE_MAX_BYTES / 1024 / 1024} МБ`;

/** «Загрузить показатели»: only the file, read beside the form and checked by its own format. */
export const SchoolFileForm = z.object({ file: z.unknown().optional() });

/** The tolerance of the dynamics rule, percentage points (the settings' document keeps the same bounds). */
export const TOLERANCE_RANGE = { min: 0, max: 20 } as const;
const TOLERANCE_MESSAGE = `Допуск — число от ${TOLERANCE_RANGE.min} до ${TOLERANCE_RANGE.max} процентных пунктов`;

type Mode = DynamicsRule["mode"];
/** «Сохранить правило»: indicator 17's rule. */
export const DynamicsRuleForm = z.object({
  intent: z.literal("rule", { error: FORM_MESSAGES.unreadable }),
  mode: z.enum(Object.keys(DYNAMICS_MODES) as [Mode, ...Mode[]], { error: "Выберите правило из списка" }),
  tolerance: z
    .string({ error: TOLERANCE_MESSAGE })
    .trim()
    .max(10, TOLERANCE_MESSAGE)
    .transform((text) => Number(text.replace(",", ".")))
    .pipe(z.number({ error: TOLERANCE_MESSAGE }).min(TOLERANCE_RANGE.min, TOLERANCE_MESSAGE).max(TOLERANCE_RANGE.max, TOLERANCE_MESSAGE)),
});

/** The subjects whose ЕГЭ minimum the municipality sets. */
export const EGE_SUBJECTS = [RUSSIAN, MATHS_PROFILE] as const;
/** The field of one year's minimum in one subject, «min-2025-2026-0»: no spaces, so its reasons can be tied to it by id. */
export const minimumField = (year: string, subject: string) => `min-${year.replace("/", "-")}-${EGE_SUBJECTS.indexOf(subject as (typeof EGE_SUBJECTS)[number])}`;

/** «Сохранить баллы»: a minimum per shown year and subject; an empty field keeps the default. */
export function egeMinimumsForm(years: readonly string[]) {
  const points = (year: string, subject: string) => {
    const message = `${year}, ${subject}: минимальный балл — целое число от 1 до 100`;
    return z.string().trim().regex(/^\d{1,3}$/, message).transform(Number).pipe(z.number().min(1, message).max(100, message)).optional();
  };
  const fields: Record<string, ReturnType<typeof points>> = Object.fromEntries(years.flatMap((year) => EGE_SUBJECTS.map((subject) => [minimumField(year, subject), points(year, subject)])));
  return z.object({ intent: z.literal("minimums", { error: FORM_MESSAGES.unreadable }) }).extend(fields);
}

/** The most teachers one school can count (indicators 18 and 20). */
export const TEACHER_COUNT_MAX = 100_000;

/** A share of teachers: both numbers or neither; «из них» no more than «всего». */
const teacherShare = (n: 18 | 20) =>
  z
    .object({ numerator: z.string().trim().optional(), denominator: z.string().trim().optional() })
    .optional()
    .superRefine((share, ctx) => {
      if (!share || (share.numerator === undefined && share.denominator === undefined)) return;
      const count = (text?: string) => (text !== undefined && /^\d{1,6}$/.test(text) && Number(text) <= TEACHER_COUNT_MAX ? Number(text) : null);
      const [numerator, denominator] = [count(share.numerator), count(share.denominator)];
      if (numerator === null || denominator === null) ctx.addIssue({ code: "custom", message: `Показатель ${n}: укажите оба числа — целые, от 0` });
      else if (numerator > denominator) ctx.addIssue({ code: "custom", message: `Показатель ${n}: «из них» не может быть больше, чем всего` });
    })
    .transform((share) => (share?.numerator !== undefined && share.denominator !== undefined ? { numerator: Number(share.numerator), denominator: Number(share.denominator) } : null));

/** Yes, no, or not known. */
const flag = z
  .enum(["yes", "no"], { error: "Выберите из списка" })
  .optional()
  .transform((v) => (v === "yes" ? true : v === "no" ? false : null));

/** «Сохранить <год>»: a school's indicators 18–21 for one of the years shown. */
export const MunicipalEntryForm = z.object({
  schoolYear: z.string({ error: "Выберите учебный год из таблицы" }).regex(/^\d{4}\/\d{4}$/, "Выберите учебный год из таблицы"),
  teachersImproved: teacherShare(18),
  network: flag,
  teachersInNetwork: teacherShare(20),
  methodicalHelp: flag,
});
