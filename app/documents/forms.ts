// The forms of issued documents, one zod schema each: the family's extract request, the school's
// approval, refusal and withdrawal, and the public verify page's code. No `.server`: the pages use
// them for their fields and the actions for parsing.
import { z } from "zod";
import { EXTRACT_LIMITS } from "~models/vocabulary/limits";
import { recordId, stringList } from "~/forms";
import { normaliseCode } from "./codes";
import { SECTION_CODES, type SectionCode } from "./sections";



/** The family's request: the sections and the school years («none» = all), copies of documents, the purpose. */
export const ExtractRequestSchema = z.object({
  // In the portfolio's own order, each once.
  section: stringList(z.enum(SECTION_CODES as [SectionCode, ...SectionCode[]], { error: "Неизвестный раздел" }))
    .refine((v) => v.length > 0, "Выберите хотя бы один раздел")
    .transform((v) => SECTION_CODES.filter((s) => v.includes(s))),
  // Each once, oldest first.
  year: stringList(z.string().regex(/^\d{4}\/\d{4}$/, "Неверный учебный год"))
    .refine((v) => v.length <= EXTRACT_LIMITS.years, `Не больше ${EXTRACT_LIMITS.years} учебных лет`)
    .transform((v) => [...new Set(v)].sort()),
  thumbnails: z.boolean().default(false),
  purpose: z
    .string({ error: "Укажите цель: для чего нужна выписка" })
    .trim()
    .min(EXTRACT_LIMITS.purpose.min, "Укажите цель: для чего нужна выписка")
    .max(EXTRACT_LIMITS.purpose.max, `Цель: не длиннее ${EXTRACT_LIMITS.purpose.max} символов`),
});
export type ExtractInput = z.output<typeof ExtractRequestSchema>;
/** The request's fields as the page holds them (the lists' input type is the checkboxes' values). */
export type ExtractRequestFields = Omit<z.input<typeof ExtractRequestSchema>, "section" | "year"> & { section: SectionCode[]; year: string[] };

const reason = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(EXTRACT_LIMITS.reason.min, missing)
    .max(EXTRACT_LIMITS.reason.max, `Причина: не длиннее ${EXTRACT_LIMITS.reason.max} символов`);

/** «Выдать выписку»: the request is answered with the PDF. */
export const ApproveExtractSchema = z.object({ intent: z.literal("approve"), id: recordId("Неверный номер заявления") });
/** «Отказать», with the reason the family reads. */
export const RefuseExtractSchema = z.object({ intent: z.literal("refuse"), id: recordId("Неверный номер заявления"), reason: reason("Укажите причину отказа") });
/** «Отозвать» an issued document, with the reason (kept in the record; the verify page says only that it is withdrawn). */
export const WithdrawDocumentSchema = z.object({ intent: z.literal("withdraw"), id: recordId("Неверный номер документа"), reason: reason("Укажите причину отзыва") });

/** The extract queue's three forms, told apart by their `intent`. */
export const ExtractDecisionSchema = z.discriminatedUnion("intent", [ApproveExtractSchema, RefuseExtractSchema, WithdrawDocumentSchema], { error: "Неизвестное действие" });

/** How much of a typed code is read: the printed form is 14 characters; spaces and slips fit in the rest. */
export const CODE_INPUT_MAX = 40;
const CODE_HINT = "Код — 12 букв и цифр, как напечатано в документе (например, 7KQ2-M9XD-4TFA).";

/** A verification code as typed from paper, read back in its printed form. */
export const VerifyCodeSchema = z.object({
  code: z
    .string({ error: CODE_HINT })
    .max(CODE_INPUT_MAX, CODE_HINT)
    .transform((typed, ctx) => {
      const code = normaliseCode(typed);
      if (!code) {
        ctx.addIssue({ code: "custom", message: CODE_HINT });
        return z.NEVER;
      }
      return code;
    }),
});
