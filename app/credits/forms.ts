// The forms of crediting (seed 004 §5), one zod schema each: the family's application, the
// admin's decision and the school's crediting rule. No `.server`: the pages use them for their
// fields and the actions for parsing.
import { z } from "zod";
import { todayIso } from "~/achievements/kinds";
import { stringList } from "~/forms";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { CREDIT_MARKS, CREDIT_OUTCOMES } from "~models/vocabulary/credits";

const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: неверная дата`)
    .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), `${label}: неверная дата`)
    .refine((v) => v >= "2000-01-01", `${label}: слишком ранняя дата`);

/** The family's application (the files come beside it and are checked as uploads). */
export const ApplicationForm = z
  .object({
    subjectId: z.string().regex(/^[a-f0-9]{24}$/, "Выберите предмет"),
    programme: z.string().trim().min(3, "Укажите курс, программу или олимпиаду").max(300, "Не длиннее 300 символов"),
    organisation: z.string().trim().min(3, "Укажите организацию").max(300, "Не длиннее 300 символов"),
    periodFrom: day("Начало"),
    periodTo: day("Окончание").refine((v) => v <= todayIso(), "Окончание: дата в будущем"),
    result: z.string().trim().min(1, "Укажите результат (отметку, баллы, «зачтено»)").max(500, "Не длиннее 500 символов"),
  })
  .refine((v) => v.periodFrom <= v.periodTo, { message: "Начало позже окончания", path: ["periodTo"] });
export type ApplicationInput = z.infer<typeof ApplicationForm>;

/** The admin's decision on an application. */
export const DecisionForm = z
  .object({
    outcome: z.enum(Object.keys(CREDIT_OUTCOMES) as [keyof typeof CREDIT_OUTCOMES], { error: "Выберите решение" }),
    mark: z.union([z.literal(""), z.enum(CREDIT_MARKS)], { error: "Выберите отметку из списка" }),
    period: z.union([z.literal(""), z.enum(["1", "2", "3", "4", "year"])], { error: "Выберите период" }),
    reason: z.string().trim().min(3, "Укажите основание решения").max(2000, "Не длиннее 2000 символов"),
    act: z.string().trim().min(3, "Укажите локальный акт школы").max(300, "Не длиннее 300 символов"),
    rule: z.string().trim().max(200).default(""),
  })
  .refine((v) => v.outcome === "refused" || v.mark !== "", { message: "Укажите, как зачитывается результат", path: ["mark"] })
  .refine((v) => v.outcome === "refused" || v.period !== "", { message: "Укажите период или промежуточную аттестацию", path: ["period"] });
export type DecisionInput = z.infer<typeof DecisionForm>;

/** The kinds of achievement a crediting rule may name. */
export const RULE_KINDS = ["olympiad", "contest", "sport", "project", "additionalEducation"] as const;

/** A crediting rule of the school. */
export const RuleForm = z.object({
  name: z.string().trim().min(3, "Назовите правило").max(200, "Не длиннее 200 символов"),
  kinds: stringList(z.enum(RULE_KINDS)).refine((v) => v.length > 0, "Выберите виды достижений"),
  minLevel: z.enum(Object.keys(LEVEL) as [string, ...string[]], { error: "Выберите уровень" }),
  results: stringList(z.enum(["winner", "prizewinner", "participant"])).refine((v) => v.length > 0, "Выберите результаты"),
  mark: z.enum(CREDIT_MARKS, { error: "Выберите отметку" }),
  act: z.string().trim().min(3, "Укажите пункт локального акта").max(300, "Не длиннее 300 символов"),
});
