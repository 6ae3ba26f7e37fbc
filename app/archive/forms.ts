// The archive page's forms, one zod schema each: a closed year's export started, a stored archive
// verified or its file removed. No `.server`: the page uses them for its fields and the action for parsing.
import { z } from "zod";
import { recordId } from "~/forms";

const exportId = recordId("Нет такого архива");

/** «Сделать архив года»: a closed school year («2025/2026»). */
export const StartArchiveSchema = z.object({
  intent: z.literal("start"),
  schoolYear: z.string({ error: "Выберите учебный год" }).regex(/^\d{4}\/\d{4}$/, "Выберите учебный год"),
});
/** «Проверить архив»: its checksums read back from the database. */
export const VerifyArchiveSchema = z.object({ intent: z.literal("verify"), exportId });
/** «Удалить файл из базы» once it has been downloaded. */
export const RemoveArchiveSchema = z.object({ intent: z.literal("remove"), exportId });

/** The page's three forms, told apart by their `intent`. */
export const ArchiveForms = z.discriminatedUnion("intent", [StartArchiveSchema, VerifyArchiveSchema, RemoveArchiveSchema], { error: "Неизвестное действие" });
