// The forms of a student's support page (individual educational route, seed 000 §6), one zod
// schema each, told apart by `intent`. No `.server`: the page uses them for its fields and the
// action for parsing.
import { z } from "zod";
import { SUPPORT_LIMITS } from "~models/vocabulary/limits";
import { recordId } from "~/forms";
import { todayIso } from "~/domain/format";
import type { SupportCaseChange } from "~models/support.server";
import { MEASURE_KINDS } from "~models/vocabulary/support-measures";

const notLonger = (max: number) => `Не длиннее ${max} символов`;

const INVALID = { message: "Неверная дата", abort: true };
const date = z
  .string({ error: "Укажите дату" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, INVALID)
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), INVALID);
/** A text that may be left empty (an empty one clears what was there). */
const optionalText = (max: number) => z.string().trim().max(max, notLonger(max)).default("");

export const ReasonForm = z.object({ intent: z.literal("reason"), manualReason: optionalText(SUPPORT_LIMITS.manualReason) });

export const AddMeasureForm = z.object({
  intent: z.literal("add-measure"),
  kind: z.enum(Object.keys(MEASURE_KINDS) as [keyof typeof MEASURE_KINDS], { error: "Выберите вид меры" }),
  description: z.string({ error: "Опишите меру" }).trim().min(3, "Опишите меру").max(SUPPORT_LIMITS.description, notLonger(SUPPORT_LIMITS.description)),
  responsible: z.string({ error: "Укажите ответственного" }).trim().min(3, "Укажите ответственного").max(SUPPORT_LIMITS.responsible, notLonger(SUPPORT_LIMITS.responsible)),
  until: date.optional(),
});

export const RemoveMeasureForm = z.object({ intent: z.literal("remove-measure"), measureId: recordId("Неизвестная мера") });

export const ReviewForm = z.object({ intent: z.literal("review"), nextReview: date });

export const ParentsForm = z.object({
  intent: z.literal("parents"),
  parentsInformedAt: date.refine((v) => v <= todayIso(), "Дата в будущем"),
  parentsConsent: z.enum(["yes", "no"], { error: "Укажите, дано ли согласие" }),
});

export const OutcomeForm = z.object({ intent: z.literal("outcome"), outcome: optionalText(SUPPORT_LIMITS.outcome) });

export const SupportForm = z.discriminatedUnion("intent", [ReasonForm, AddMeasureForm, RemoveMeasureForm, ReviewForm, ParentsForm, OutcomeForm], { error: "Неизвестное действие" });
export type SupportInput = z.infer<typeof SupportForm>;

const asDate = (v?: string) => (v ? new Date(`${v}T00:00:00Z`) : null);

/** What a sent form changes in the case; `by` names who decided on the risk group. */
export function supportChange(input: SupportInput, by: string): SupportCaseChange {
  switch (input.intent) {
    case "reason":
      return { intent: "reason", manualReason: input.manualReason, manualBy: input.manualReason ? by : "" };
    case "add-measure":
      return { intent: "add-measure", measure: { kind: input.kind, description: input.description, responsible: input.responsible, until: asDate(input.until) } };
    case "remove-measure":
      return { intent: "remove-measure", measureId: input.measureId };
    case "review":
      return { intent: "review", nextReview: asDate(input.nextReview) };
    case "parents":
      return { intent: "parents", parentsInformedAt: asDate(input.parentsInformedAt), parentsConsent: input.parentsConsent === "yes" };
    case "outcome":
      return { intent: "outcome", outcome: input.outcome };
  }
}
