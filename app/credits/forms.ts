// The forms of crediting (seed 004 §5), one zod schema each: the family's application, the
// admin's decision and the school's crediting rule. No `.server`: the pages use them for their
// fields and the actions for parsing.
import { z } from "zod";
import { CREDIT_LIMITS } from "~models/vocabulary/limits";
import { todayIso } from "~/domain/format";
import { recordId, stringList } from "~/forms";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { CREDIT_MARKS, CREDIT_OUTCOMES, CREDIT_RULE_LIMITS } from "~models/vocabulary/credits";

/** Where a credited mark counts: a period of the year, or the year's interim certification. */
export const CREDIT_PERIODS = ["1", "2", "3", "4", "year"] as const;

const day = (label: string) =>
  z
    .string({ error: `${label}: неверная дата` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: неверная дата`)
    .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), `${label}: неверная дата`)
    .refine((v) => v >= "2000-01-01", `${label}: слишком ранняя дата`);

/** Text of at least `min` characters after trimming; a missing field reads as too short. */
const text = (min: number, max: number, missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(min, missing)
    .max(max, `Не длиннее ${max} символов`);

/** The family's application (the files come beside it and are checked as uploads). */
export const ApplicationForm = z
  .object({
    subjectId: recordId("Выберите предмет"),
    programme: text(3, CREDIT_LIMITS.programme, "Укажите курс, программу или олимпиаду"),
    organisation: text(3, CREDIT_LIMITS.organisation, "Укажите организацию"),
    periodFrom: day("Начало"),
    periodTo: day("Окончание").refine((v) => v <= todayIso(), "Окончание: дата в будущем"),
    result: text(1, CREDIT_LIMITS.result, "Укажите результат (отметку, баллы, «зачтено»)"),
  })
  .refine((v) => v.periodFrom <= v.periodTo, { message: "Начало позже окончания", path: ["periodTo"] });
export type ApplicationInput = z.infer<typeof ApplicationForm>;

/** The admin's decision on an application («Записать решение»); mark and period are left empty on a refusal. */
export const DecisionForm = z
  .object({
    intent: z.literal("decide"),
    outcome: z.enum(Object.keys(CREDIT_OUTCOMES) as [keyof typeof CREDIT_OUTCOMES], { error: "Выберите решение" }),
    mark: z.enum(CREDIT_MARKS, { error: "Выберите отметку из списка" }).optional(),
    period: z.enum(CREDIT_PERIODS, { error: "Выберите период" }).optional(),
    reason: text(3, CREDIT_LIMITS.reason, "Укажите основание решения"),
    act: text(3, CREDIT_LIMITS.act, "Укажите локальный акт школы"),
    rule: z.string().trim().max(200).default(""),
  })
  .refine((v) => v.outcome === "refused" || v.mark !== undefined, { message: "Укажите, как зачитывается результат", path: ["mark"] })
  .refine((v) => v.outcome === "refused" || v.period !== undefined, { message: "Укажите период или промежуточную аттестацию", path: ["period"] });
export type DecisionInput = z.infer<typeof DecisionForm>;

/** «Отозвать решение», with the reason (the family reads it; the PDF is withdrawn). */
export const RevokeDecisionForm = z.object({
  intent: z.literal("revoke"),
  reason: z
    .string({ error: "Укажите причину отзыва" })
    .trim()
    .min(3, "Укажите причину отзыва")
    .max(CREDIT_LIMITS.revokeReason, `Причина: не длиннее ${CREDIT_LIMITS.revokeReason} символов`),
});

/** «Выдать PDF решения»: the decision in force gets its document if it has none. */
export const DecisionPdfForm = z.object({ intent: z.literal("document") });

/** The decision page's three forms, told apart by their `intent`. */
export const CreditDecisionForms = z.discriminatedUnion("intent", [DecisionForm, RevokeDecisionForm, DecisionPdfForm], { error: "Неизвестное действие" });

/** The kinds of achievement a crediting rule may name. */
export const RULE_KINDS = ["olympiad", "contest", "sport", "project", "additionalEducation"] as const;

/** A crediting rule of the school («Новое правило»). */
export const RuleForm = z.object({
  intent: z.literal("add-rule", { error: "Неизвестное действие" }),
  name: z
    .string({ error: "Назовите правило" })
    .trim()
    .min(3, "Назовите правило")
    .max(CREDIT_RULE_LIMITS.name, `Не длиннее ${CREDIT_RULE_LIMITS.name} символов`),
  kinds: stringList(z.enum(RULE_KINDS, { error: "Выберите виды достижений" })).refine((v) => v.length > 0, "Выберите виды достижений"),
  minLevel: z.enum(Object.keys(LEVEL) as [string, ...string[]], { error: "Выберите уровень" }),
  results: stringList(z.enum(["winner", "prizewinner", "participant"], { error: "Выберите результаты" })).refine((v) => v.length > 0, "Выберите результаты"),
  mark: z.enum(CREDIT_MARKS, { error: "Выберите отметку" }),
  act: z
    .string({ error: "Укажите пункт локального акта" })
    .trim()
    .min(3, "Укажите пункт локального акта")
    .max(CREDIT_RULE_LIMITS.act, `Не длиннее ${CREDIT_RULE_LIMITS.act} символов`),
});

/** A rule switched on or off (rules are never removed, so that past decisions stay readable). */
export const RuleToggleForm = z.object({
  intent: z.literal("toggle"),
  id: recordId("Неизвестное правило"),
  active: z.enum(["true", "false"], { error: "Неизвестное действие" }),
});

/** The crediting rules page: a new rule, or one switched. */
export const RuleForms = z.discriminatedUnion("intent", [RuleForm, RuleToggleForm], { error: "Неизвестное действие" });
