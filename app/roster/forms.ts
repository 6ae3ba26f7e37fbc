// The contingent page's forms: the file's check, and «Применить» with the admin's answers.
import { z } from "zod";
import { recordId, stringList } from "~/forms";

export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The departures come as three lists of the same length, a line per student the file left out:
 * their ids (hidden), the day each left (empty: not confirmed, the student stays) and where to.
 */
const alignedList = (item: z.ZodType<string>) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item.optional()));

export const RosterImportSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("check") }),
    z.object({
      intent: z.literal("apply"),
      importId: recordId("Проверка файла не найдена: загрузите его заново."),
      on: z.string({ error: "Укажите дату прибытия и переводов" }).regex(ISO_DAY, "Дата в виде ДД.ММ.ГГГГ"),
      // «12:new» or «12:<id>»: a namesake's row and the answer chosen for it.
      namesakes: stringList(z.string().regex(/^\d{1,5}:(new|[0-9a-f]{24})$/, "Неверный ответ о тёзке")),
      departureIds: stringList(recordId("Неверный выбывающий")),
      departureDates: alignedList(z.string().regex(ISO_DAY, "Дата в виде ДД.ММ.ГГГГ")),
      departureTo: alignedList(z.string().max(200, "не длиннее 200 символов")),
    }),
    // Accounts for the families of a class, or of the whole school («all»), with their login slips.
    z.object({ intent: z.literal("accounts"), classId: z.union([z.literal("all"), recordId("Выберите класс")], { error: "Выберите класс" }) }),
    // One student who arrives, entered by hand: checked and previewed as a one-row file.
    z.object({
      intent: z.literal("arrival"),
      lastName: z.string({ error: "Укажите фамилию" }).trim().max(60),
      firstName: z.string({ error: "Укажите имя" }).trim().max(60),
      middleName: z.string().trim().max(60).optional(),
      birthDate: z.string({ error: "Укажите дату рождения" }).regex(ISO_DAY, "Дата в виде ДД.ММ.ГГГГ"),
      gender: z.enum(["м", "ж"], { error: "Укажите пол" }),
      className: z.string({ error: "Выберите класс" }).max(4),
      snils: z.string().trim().max(20).optional(),
      parentName: z.string().trim().max(180).optional(),
      parentKin: z.string().trim().max(30).optional(),
      parentPhone: z.string().trim().max(30).optional(),
      parentEmail: z.string().trim().max(120).optional(),
    }),
    // A family's slip printed again: new one-time passwords for that student's and their parents' accounts only.
    z.object({ intent: z.literal("reslip"), studentId: recordId("Нет такого обучающегося") }),
  ],
  { error: "Неизвестное действие" },
);

/** A change made on a student's page: a move to another class, or a departure from the school. */
export const StudentMoveSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("move"), classId: recordId("Выберите класс"), on: z.string({ error: "Укажите дату перевода" }).regex(ISO_DAY, "Дата в виде ДД.ММ.ГГГГ") }),
    z.object({
      intent: z.literal("depart"),
      on: z.string({ error: "Укажите дату выбытия" }).regex(ISO_DAY, "Дата в виде ДД.ММ.ГГГГ"),
      to: z.string().trim().max(200, "не длиннее 200 символов").optional(),
    }),
  ],
  { error: "Неизвестное действие" },
);

