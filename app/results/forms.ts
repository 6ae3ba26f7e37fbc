// The forms of the results pages, one zod schema each: the journal file's check, the switch of a
// checked file, and the marks grid. No `.server`: the pages use them for their fields and the
// actions for parsing. The file itself is not in the schemas: it comes beside the form (multer)
// and is inspected as a table.
import { z } from "zod";
import { recordId } from "~/forms";
import { FORM_MESSAGES } from "~/http/form-messages";


/** What a journal file holds, as the import page names it. */
export const IMPORT_DATASETS = {
  marks: "итоговые отметки за период (сводная ведомость)",
  current: "текущие отметки",
  works: "контрольные и диагностические работы",
  plan: "выполнение учебного плана (уроков по плану и проведено)",
} as const;
export type ImportDataset = keyof typeof IMPORT_DATASETS;
export const isImportDataset = (value: unknown): value is ImportDataset => typeof value === "string" && Object.hasOwn(IMPORT_DATASETS, value);


/** A period of the school year («1»…«4») or the year; whether the class's year has it is checked after. */
const period = z.string({ error: "Выберите период" }).regex(/^([1-4]|year)$/, "Выберите период");

/** «Проверить»: which class, period and dataset the file is for. */
export const ImportCheckForm = z.object({
  intent: z.literal("check", { error: FORM_MESSAGES.unreadable }).default("check"),
  dataset: z.enum(Object.keys(IMPORT_DATASETS) as [ImportDataset, ...ImportDataset[]], { error: "Выберите, что загружаете" }).default("marks"),
  class: recordId("Выберите класс"),
  period,
  /** The file itself is read beside the form (multer) and checked as a table; named here so the page draws it with its reasons. */
  file: z.unknown().optional(),
});

const STALE = "Страница устарела: откройте её заново";
/** The results in force when a preview was shown: none yet (empty), or their set's id. */
const previewed = z.union([z.literal(""), recordId(STALE)]).default("");

/** «Применить»: the checked file staged under `importId`, against the results previewed. */
export const ImportApplyForm = z.object({
  intent: z.literal("apply", { error: FORM_MESSAGES.unreadable }),
  importId: recordId("Загрузка не найдена: загрузите файл заново"),
  previewed,
});

/** The longest text a cell of the marks grid takes (a mark, «незач», a number of lessons). */
export const MARK_CELL_MAX = 20;

/**
 * The marks grid: its period and the results it was opened over; every other field is a cell
 * (`m:<student>:<subject>`, `l:`/`a:`/`u:<student>` for lessons, absences, unexcused), read by
 * the same checks as a journal file.
 */
export const MarksGridForm = z
  .object({ period, previewed })
  .catchall(z.string().max(MARK_CELL_MAX, `Не длиннее ${MARK_CELL_MAX} символов`).optional());
