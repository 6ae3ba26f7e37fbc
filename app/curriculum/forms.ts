// The «Учебный план» page's forms: the curriculum's cells, the usual curriculum, a new subject.
import { z } from "zod";
import { recordId } from "~/forms";

/** A cell of the curriculum: «<subject id>:<grade>:<assessment>»; an empty one is a subject the grade does not study. */
const CELL = /^[0-9a-f]{24}:(1[01]?|[2-9]):(marks|pass|none)$/;
const cells = z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(CELL, "Неверная клетка учебного плана: обновите страницу").optional()));

export const CurriculumSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), yearId: recordId("Нет такого учебного года"), cells }),
    z.object({ intent: z.literal("standard"), yearId: recordId("Нет такого учебного года") }),
    z.object({
      intent: z.literal("subject"),
      name: z
        .string({ error: "Впишите название предмета" })
        .trim()
        .min(2, "Название — хотя бы 2 символа")
        .max(80, "Название — не длиннее 80 символов")
        .regex(/^[\p{L}\d][\p{L}\d\s()«»"'’.,-]*$/u, "Название — буквы, цифры, пробелы, скобки, дефис"),
    }),
  ],
  { error: "Неизвестное действие" },
);
