// The forms of the gifted register (ГИР, seed 004 §3.4), one zod schema each, told apart by `intent`:
// the school's list of events for a year (a file, a line typed in, a line removed) and, per student,
// inclusion in the register, special conditions of certification and the cancelling of either. No
// `.server`: the pages use them for their fields and the actions for parsing.
import { z } from "zod";
import { GIFTED_RECORD_LIMITS } from "~models/vocabulary/limits";
import { todayIso } from "~/domain/format";
import { recordId, stringList } from "~/forms";
import { LEVEL } from "~models/vocabulary/achievement-kinds";
import { LIST_ENTRY_LIMITS } from "~models/vocabulary/limits";

/** The largest list file the page takes. */
export const LIST_FILE_MAX_BYTES = 5 * 1024 * 1024;


const notLonger = (max: number) => `Не длиннее ${max} символов`;
const tooLong = (max: number) => `Слишком длинное значение (не больше ${max} символов)`;
const year = z.string({ error: "Выберите учебный год из списка" }).regex(/^\d{4}\/\d{4}$/, "Выберите учебный год из списка");
const STALE = "Перечень изменился: обновите страницу";

/** «Проверить и загрузить»: a file (read beside the form, multer) that replaces the year's list. */
export const ListUploadForm = z.object({
  intent: z.literal("upload"),
  year,
  /** The file itself is read beside the form and checked as a table; named here so the page draws it with its reasons. */
  file: z.unknown().optional(),
});

/** «Добавить мероприятие вручную»: one line of the list, with the limits a file's lines have. */
export const ListAddForm = z.object({
  intent: z.literal("add"),
  year,
  event: z.string({ error: "Укажите мероприятие" }).trim().min(1, "Укажите мероприятие").max(LIST_ENTRY_LIMITS.event, tooLong(LIST_ENTRY_LIMITS.event)),
  organiser: z.string().trim().max(LIST_ENTRY_LIMITS.organiser, tooLong(LIST_ENTRY_LIMITS.organiser)).default(""),
  profile: z.string().trim().max(LIST_ENTRY_LIMITS.profile, tooLong(LIST_ENTRY_LIMITS.profile)).default(""),
  /** From which stage a result counts; none — any. */
  level: z.enum(Object.keys(LEVEL) as [string, ...string[]], { error: "Выберите уровень из списка" }).optional(),
  act: z.string().trim().max(LIST_ENTRY_LIMITS.act, tooLong(LIST_ENTRY_LIMITS.act)).default(""),
});

/** «удалить» a line: its place and its event's name, so that a list changed meanwhile is not cut at the wrong line. */
export const ListRemoveForm = z.object({
  intent: z.literal("remove"),
  year,
  index: z.number({ error: STALE }).int(STALE).min(0, STALE),
  event: z.string({ error: STALE }),
});

export const GiftedListForm = z.discriminatedUnion("intent", [ListUploadForm, ListAddForm, ListRemoveForm], { error: "Неизвестное действие" });

const INVALID = { message: "Неверная дата", abort: true };
const day = z
  .string({ error: "Укажите дату" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, INVALID)
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), INVALID)
  .refine((v) => v <= todayIso(), "Дата в будущем");
const schoolYear = z.string({ error: "Выберите учебный год" }).regex(/^\d{4}\/\d{4}$/, "Выберите учебный год");

/** «Записать включение»: the date and the register's number or link. */
export const InclusionForm = z.object({
  intent: z.literal("include"),
  schoolYear,
  includedOn: day,
  reference: z.string({ error: "Укажите номер или ссылку записи в ГИР" }).trim().min(1, "Укажите номер или ссылку записи в ГИР").max(GIFTED_RECORD_LIMITS.reference, notLonger(GIFTED_RECORD_LIMITS.reference)),
});

/** «Записать особые условия»: the subjects, the conditions and the order granting them. */
export const ConditionsForm = z.object({
  intent: z.literal("conditions"),
  schoolYear,
  subject: stringList(z.string().max(200, "Неизвестный предмет")).refine((v) => v.length > 0, "Выберите хотя бы один предмет"),
  conditions: z.string({ error: "Опишите особые условия" }).trim().min(3, "Опишите особые условия").max(GIFTED_RECORD_LIMITS.conditions, notLonger(GIFTED_RECORD_LIMITS.conditions)),
  order: z.string({ error: "Укажите приказ (номер и дату)" }).trim().min(3, "Укажите приказ (номер и дату)").max(GIFTED_RECORD_LIMITS.order, notLonger(GIFTED_RECORD_LIMITS.order)),
});

/** «Отменить» an inclusion or a conditions entry, with the reason. */
export const CancelEntryForm = z.object({
  intent: z.literal("cancel"),
  entryId: recordId("Неизвестная запись"),
  list: z.enum(["inclusions", "conditions"], { error: "Неизвестная запись" }),
  reason: z.string({ error: "Укажите причину отмены" }).trim().min(3, "Укажите причину отмены").max(GIFTED_RECORD_LIMITS.cancelReason, notLonger(GIFTED_RECORD_LIMITS.cancelReason)),
});

export const GiftedRecordForm = z.discriminatedUnion("intent", [InclusionForm, ConditionsForm, CancelEntryForm], { error: "Неизвестное действие" });
