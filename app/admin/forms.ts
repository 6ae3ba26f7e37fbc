// The school administration's forms, one zod schema each: accounts (new, edit and everything done
// to one account), the school's settings, closing the year and the storage periods. No `.server`:
// the pages use them for their fields and the actions for parsing.
import type { AuditAction } from "~models/audit.server";
import { z } from "zod";
import { PASSWORD_RULE } from "~/auth/forms";
import { recordId, stringList } from "~/forms";
import { RETENTION_KIND_NAMES, RETENTION_LIMITS, type RetentionKind } from "~models/vocabulary/retention-periods";
import { ROLES, rolesConflict } from "~models/vocabulary/roles";
import { SCHOOL_THRESHOLDS, STAFF_IDLE_MINUTES, type ThresholdKey } from "~models/vocabulary/thresholds";
import { MOVES, type Move } from "~models/vocabulary/year-moves";
import { PERIOD_KINDS, type PeriodKind } from "~models/vocabulary/periods";
import { TIME_ZONES, type TimeZone } from "~models/vocabulary/time-zones";

/** A record picked on the page (a select or a hidden field): a 24-digit hex id, or the message. */

/** An ISO day from a date input. */
const isoDay = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()), message);

// ─── Accounts ────────────────────────────────────────────────────────────────────────────────

export const NAME_MAX = 60;

const name = (label: string, required: boolean) => {
  const base = z
    .string({ error: `Укажите: ${label.toLowerCase()}` })
    .trim()
    .max(NAME_MAX, `${label}: не длиннее ${NAME_MAX} символов`)
    .regex(/^[\p{L}\s'’-]*$/u, `${label}: только буквы, пробел и дефис`);
  return required ? base.min(1, `Укажите: ${label.toLowerCase()}`) : base.default("");
};

export const LOGIN_RULE = /^[a-z0-9._-]{3,40}$/;
export const LOGIN_MAX = 40;
export const loginField = z
  .string({ error: "Укажите логин" })
  .trim()
  .toLowerCase()
  .regex(LOGIN_RULE, "Логин: 3–40 латинских букв, цифр, точек, дефисов или подчёркиваний");

const userFields = {
  lastName: name("Фамилия", true),
  firstName: name("Имя", true),
  middleName: name("Отчество", false),
  roles: stringList(z.enum(ROLES, { error: "Неизвестная роль" })),
};

/** The roles a school gives: a valid combination, never a municipal one. */
const checkRoles = (v: { roles: (typeof ROLES)[number][] }, ctx: z.RefinementCtx) => {
  const conflict = rolesConflict(v.roles);
  if (conflict) ctx.addIssue({ code: "custom", path: ["roles"], message: conflict });
  // A municipal account sees every school: it is made from the command line, not by a school.
  if (v.roles.includes("municipal")) ctx.addIssue({ code: "custom", path: ["roles"], message: "Муниципальных специалистов школа не создаёт" });
};

/** Name and roles of an account («Данные и роли»). */
export const UserFieldsSchema = z.object({ intent: z.literal("profile"), ...userFields }).superRefine(checkRoles);

/** A new account: name, roles, login and the first password («Новый пользователь»). */
export const NewUserSchema = z
  .object({
    ...userFields,
    login: loginField,
    password: z
      .string({ error: `Начальный пароль — не короче ${PASSWORD_RULE.min} символов` })
      .min(PASSWORD_RULE.min, `Начальный пароль — не короче ${PASSWORD_RULE.min} символов`)
      .max(PASSWORD_RULE.max, "Пароль слишком длинный"),
  })
  .superRefine(checkRoles);

export type NewUser = z.infer<typeof NewUserSchema>;

/** Switching an account on or off. */
export const UserActiveSchema = z.object({ intent: z.enum(["activate", "deactivate"]) });
/** A new temporary password. */
export const ResetPasswordSchema = z.object({ intent: z.literal("reset-password") });
/** A parent's child linked or unlinked. */
export const ChildLinkSchema = z.object({ intent: z.enum(["link-child", "unlink-child"]), studentId: recordId("Выберите обучающегося") });
/** A student's login tied to their personal file. */
export const OwnRecordSchema = z.object({ intent: z.literal("set-student"), studentId: recordId("Выберите обучающегося") });
/** Class teacher of a class, given or taken. */
export const ClassTeacherSchema = z.object({ intent: z.enum(["lead-class", "unlead-class"]), classId: recordId("Выберите класс") });
/** A subject taught in a class, given or taken. */
export const SubjectTeachingSchema = z.object({
  intent: z.enum(["add-subject", "remove-subject"]),
  classId: recordId("Выберите класс"),
  subjectId: recordId("Выберите предмет"),
});

/** Every form of one account's page, told apart by its intent. */
export const UserPageSchema = z.discriminatedUnion(
  "intent",
  [UserFieldsSchema, UserActiveSchema, ResetPasswordSchema, ChildLinkSchema, OwnRecordSchema, ClassTeacherSchema, SubjectTeachingSchema],
  { error: "Неизвестное действие" },
);

/** The largest list of users a school uploads at once; the page's label says the same. */
export const USER_LIST_MAX_BYTES = 2 * 1024 * 1024;
export const USER_LIST_MAX_TEXT = `${USER_LIST_MAX_BYTES / 1024 / 1024} МБ`;

/**
 * The list of users: a file checked first («Проверить»; the file comes beside the form and is
 * inspected as a table), then created from its stored preview.
 */
export const UserImportSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("check") }), z.object({ intent: z.literal("apply"), importId: recordId("Проверка файла не найдена: загрузите его заново.") })],
  { error: "Неизвестное действие" },
);

// ─── School settings ─────────────────────────────────────────────────────────────────────────

/** A threshold as typed (a decimal comma allowed), within its bounds; a share is typed in percent. */
const threshold = (key: ThresholdKey) => {
  const { min, max, percent } = SCHOOL_THRESHOLDS[key];
  return z
    .string({ error: "Нужно число" })
    .trim()
    .transform((raw, ctx) => {
      const value = Number(raw.replace(",", "."));
      const refuse = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      if (raw === "" || !Number.isFinite(value)) return refuse("Нужно число");
      if (value < min || value > max) return refuse(`От ${min} до ${max}`);
      if (!percent && !Number.isInteger(value)) return refuse("Нужно целое число");
      return percent ? value / 100 : value;
    });
};

export const THRESHOLD_KEYS = Object.keys(SCHOOL_THRESHOLDS) as ThresholdKey[];

/** The risk criteria and the justified period mark, all at once. */
export const ThresholdsSchema = z.object({
  intent: z.literal("thresholds", { error: "Неизвестное действие" }),
  ...(Object.fromEntries(THRESHOLD_KEYS.map((key) => [key, threshold(key)])) as Record<ThresholdKey, ReturnType<typeof threshold>>),
});

const idleMessage = `Целое число минут от ${STAFF_IDLE_MINUTES.min} до ${STAFF_IDLE_MINUTES.max}`;
/** How long a staff member's session survives without a request. */
export const StaffIdleSchema = z.object({
  intent: z.literal("sessions", { error: "Неизвестное действие" }),
  idleMinutes: z.number({ error: idleMessage }).int(idleMessage).min(STAFF_IDLE_MINUTES.min, idleMessage).max(STAFF_IDLE_MINUTES.max, idleMessage),
});

/** The audit log's actions as the page and its export name them. */
export const ACTION_LABELS: Record<AuditAction, string> = {
  read: "просмотр",
  create: "создание",
  update: "изменение",
  delete: "удаление",
  download: "скачивание файла",
  export: "выгрузка",
  login: "вход",
  logout: "выход",
  "login-failed": "неудачный вход",
};

/** The school's time zone: one of Russia's. */
export const TimeZoneSchema = z.object({
  intent: z.literal("timeZone", { error: "Неизвестное действие" }),
  timeZone: z.enum(Object.keys(TIME_ZONES) as [TimeZone, ...TimeZone[]], { error: "Выберите часовой пояс из списка" }),
});

/** Where one's notifications also go: a mail address (or none) and whether to send there. */
export const NotificationMailSchema = z.object({
  intent: z.literal("mail", { error: "Неизвестное действие" }),
  email: z.email({ error: "Адрес почты вида name@example.ru" }).max(200, "Слишком длинный адрес").optional(),
  on: z.boolean().optional(),
});

/** «Подтверждает не автор записи»: an unticked box is not sent, so absent means off. */
export const VerificationRuleSchema = z.object({
  intent: z.literal("verification", { error: "Неизвестное действие" }),
  authorMayNotVerify: z.boolean().optional(),
});

// ─── The school year ─────────────────────────────────────────────────────────────────────────

/**
 * Closing the year. Every student is promoted unless their select says otherwise: the selects are
 * named `move.<student id>`, so the exceptions arrive as one object.
 */
export const CloseYearSchema = z.object({
  yearId: recordId("Текущий учебный год уже сменился: обновите страницу"),
  move: z.record(recordId("Неизвестный обучающийся"), z.enum(Object.keys(MOVES) as [Move, ...Move[]], { error: "Выберите, куда переходит обучающийся" })).default({}),
  leavingDate: isoDay("Укажите дату выбытия выпускников"),
  confirm: z.string({ error: "Впишите название учебного года, чтобы подтвердить закрытие" }).trim(),
});

// ─── Storage periods ─────────────────────────────────────────────────────────────────────────

const { years, source } = RETENTION_LIMITS;
const yearsMessage = `Срок — целое число лет от ${years.min} до ${years.max}`;
const sourceMessage = "Укажите основание срока (акт, номенклатура дел)";
const period = z.object({
  years: z.number({ error: yearsMessage }).int(yearsMessage).min(years.min, yearsMessage).max(years.max, yearsMessage),
  source: z.string({ error: sourceMessage }).trim().min(source.min, sourceMessage).max(source.max, sourceMessage),
});

/** Each kind's period and where it comes from; the fields are named `<kind>.years`, `<kind>.source`. */
export const RetentionPeriodsSchema = z.object({
  intent: z.literal("periods"),
  ...(Object.fromEntries(RETENTION_KIND_NAMES.map((kind) => [kind, period])) as Record<RetentionKind, typeof period>),
});

/** Removing what is past its period: the kind, the records ticked (none for the audit log) and the confirmation. */
export const RetentionRemoveSchema = z.object({
  intent: z.literal("remove"),
  kind: z.enum(RETENTION_KIND_NAMES as [RetentionKind, ...RetentionKind[]], { error: "Неизвестный вид записей" }),
  id: stringList(recordId("Неизвестная запись")),
  confirm: z.literal(true, { error: "Подтвердите удаление: отметьте «Понимаю, что удаление необратимо»" }),
});

/** The storage periods page: the periods, or a removal. */
export const RetentionSchema = z.discriminatedUnion("intent", [RetentionPeriodsSchema, RetentionRemoveSchema], { error: "Неизвестное действие" });

// ─── The year's periods ───────────────────────────────────────────────────────────────────────

const gradeCell = z.coerce.number({ error: "Класс — число от 1 до 11" }).int().min(1, "Класс — от 1 до 11").max(11, "Класс — от 1 до 11");
const kindCell = z.enum(PERIOD_KINDS, { error: "Выберите систему периодов" });
/** Rows of the same length: a row whose first cell is empty is left out (the page offers spare rows). */
const rowList = (item: z.ZodType<string>) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item.optional()));

export const YearPeriodsSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("systems"),
      yearId: recordId("Нет такого учебного года"),
      periodKind: kindCell,
      rangeFrom: rowList(z.string()),
      rangeTo: rowList(z.string()),
      rangeKind: rowList(z.string()),
    }),
    z.object({
      intent: z.literal("dates"),
      yearId: recordId("Нет такого учебного года"),
      starts: stringList(isoDay("Укажите начало каждого периода")),
      ends: stringList(isoDay("Укажите конец каждого периода")),
    }),
    z.object({ intent: z.literal("prepare") }),
  ],
  { error: "Неизвестное действие" },
);

/** The grade ranges of the systems form as numbers and kinds, or the first reason one is not. */
export function readGradeRanges(value: { rangeFrom: (string | undefined)[]; rangeTo: (string | undefined)[]; rangeKind: (string | undefined)[] }) {
  const ranges: { fromGrade: number; toGrade: number; periodKind: PeriodKind }[] = [];
  for (const [i, from] of value.rangeFrom.entries()) {
    if (!from) continue;
    const parsed = z.object({ fromGrade: gradeCell, toGrade: gradeCell, periodKind: kindCell }).safeParse({ fromGrade: from, toGrade: value.rangeTo[i], periodKind: value.rangeKind[i] });
    if (!parsed.success) return { ranges: [], problem: `Строка ${i + 1}: ${parsed.error.issues[0].message}` };
    ranges.push(parsed.data);
  }
  return { ranges, problem: null };
}

// ─── The school's signing certificate ───────────────────────────────────────────────────────

/** A PKCS#12 file's password (the file itself comes beside it in the upload). */
export const SigningCertificateSchema = z.object({
  intent: z.literal("certificate"),
  /** Read from the upload, not from the fields; here for the field's place and reasons. */
  file: z.unknown().optional(),
  password: z.string().max(200, "Пароль: не длиннее 200 символов").default(""),
});
