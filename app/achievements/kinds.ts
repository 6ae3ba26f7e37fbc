// The kinds of individual achievement (seed 004 §3.2, §3.3) and their fields, as data: the form
// draws its inputs from these descriptions and the server validates with the zod schema built
// from the same descriptions, so the two cannot drift apart.
import { z } from "zod";

type Options = Record<string, string>;
interface Base {
  name: string;
  label: string;
  required?: boolean;
  /** Shown and required only when another field has one of these values. */
  showIf?: { field: string; values: string[] };
  hint?: string;
}
export type Field =
  | (Base & { type: "text"; max?: number; multiline?: boolean })
  | (Base & { type: "select"; options: Options })
  | (Base & { type: "number"; min: number; max: number; integer?: boolean })
  | (Base & { type: "date" });

export const STATUS: Options = { winner: "победитель", prizewinner: "призёр", participant: "участник" };
export const LEVEL: Options = { school: "школьный", municipal: "муниципальный", regional: "региональный", federal: "всероссийский", international: "международный" };
export const VSOSH_STAGE: Options = { school: "школьный", municipal: "муниципальный", regional: "региональный", final: "заключительный" };
export const UUD_TYPE: Options = { regulatory: "регулятивные", cognitive: "познавательные", communicative: "коммуникативные" };
export const UUD_LEVEL: Options = { low: "низкий", basic: "базовый", advanced: "повышенный", high: "высокий" };
/** Levels at which a group of УУД counts as formed (the quality report): basic and above. */
export const UUD_FORMED_LEVELS = ["basic", "advanced", "high"];
const LIST_LEVEL: Options = { "1": "I уровень", "2": "II уровень", "3": "III уровень" };

export const KINDS = {
  olympiad: {
    label: "Олимпиада",
    fields: [
      { name: "olympiadType", label: "Олимпиада", type: "select", required: true, options: { vsosh: "Всероссийская олимпиада школьников (ВсОШ)", listed: "из перечня олимпиад школьников Минобрнауки", other: "другая" } },
      { name: "stage", label: "Этап ВсОШ", type: "select", options: VSOSH_STAGE, required: true, showIf: { field: "olympiadType", values: ["vsosh"] } },
      { name: "listLevel", label: "Уровень по перечню", type: "select", options: LIST_LEVEL, required: true, showIf: { field: "olympiadType", values: ["listed"] } },
      { name: "title", label: "Название олимпиады", type: "text", required: true, showIf: { field: "olympiadType", values: ["listed", "other"] } },
      { name: "level", label: "Уровень", type: "select", options: LEVEL, required: true, showIf: { field: "olympiadType", values: ["other"] } },
      { name: "subject", label: "Предмет (профиль)", type: "text", required: true },
      { name: "status", label: "Результат", type: "select", options: STATUS, required: true },
      { name: "organiser", label: "Организатор", type: "text" },
      { name: "points", label: "Баллы", type: "number", min: 0, max: 1000 },
    ],
  },
  contest: {
    label: "Конкурс, конференция",
    fields: [
      { name: "contestType", label: "Направление", type: "select", required: true, options: { intellectual: "интеллектуальный", creative: "творческий", research: "исследовательский (конференция)", professional: "профессиональный" } },
      { name: "title", label: "Название", type: "text", required: true },
      { name: "level", label: "Уровень", type: "select", options: LEVEL, required: true },
      { name: "organiser", label: "Организатор", type: "text" },
      { name: "status", label: "Результат", type: "select", options: STATUS, required: true },
      { name: "workTitle", label: "Тема работы", type: "text" },
    ],
  },
  sport: {
    label: "Спортивное соревнование",
    fields: [
      { name: "title", label: "Соревнование", type: "text", required: true },
      { name: "sport", label: "Вид спорта", type: "text", required: true },
      { name: "level", label: "Уровень", type: "select", options: LEVEL, required: true },
      { name: "status", label: "Результат", type: "select", options: STATUS, required: true },
      { name: "place", label: "Место", type: "number", min: 1, max: 1000, integer: true },
      { name: "rank", label: "Спортивный разряд (если присвоен)", type: "text", max: 60 },
      { name: "championship", label: "Статус чемпиона или призёра (§3.2.2)", type: "select", options: { olympic: "Олимпийские игры", paralympic: "Паралимпийские игры", deaflympic: "Сурдлимпийские игры", world: "чемпионат мира", europe: "чемпионат Европы" } },
    ],
  },
  gto: {
    label: "ГТО",
    fields: [
      { name: "badge", label: "Знак отличия", type: "select", required: true, options: { gold: "золотой", silver: "серебряный", bronze: "бронзовый" } },
      { name: "stage", label: "Ступень (1–18)", type: "number", min: 1, max: 18, integer: true, required: true },
      { name: "orderNumber", label: "Номер приказа о награждении", type: "text", required: true, max: 60 },
      { name: "orderDate", label: "Дата приказа", type: "date", required: true },
      { name: "certificateNumber", label: "Номер удостоверения", type: "text", required: true, max: 60 },
    ],
  },
  volunteering: {
    label: "Волонтёрская деятельность",
    fields: [
      { name: "organisation", label: "Организация", type: "text", required: true },
      { name: "activity", label: "Деятельность", type: "text", required: true },
      { name: "periodFrom", label: "Период: с", type: "date", required: true },
      { name: "periodTo", label: "по", type: "date", required: true },
      { name: "hours", label: "Часов", type: "number", min: 1, max: 2000, integer: true, required: true },
      { name: "confirmedBy", label: "Часы подтвердил", type: "select", required: true, options: { organiser: "организатор", dobro: "книжка волонтёра Добро.рф" } },
      { name: "confirmation", label: "Кто подтвердил / номер книжки Добро.рф", type: "text", required: true, max: 120 },
    ],
  },
  selfGovernment: {
    label: "Ученическое самоуправление",
    fields: [
      { name: "body", label: "Орган самоуправления", type: "text", required: true },
      { name: "role", label: "Роль", type: "text", required: true },
      { name: "periodFrom", label: "Период: с", type: "date", required: true },
      { name: "periodTo", label: "по", type: "date" },
    ],
  },
  project: {
    label: "Проектная и исследовательская работа",
    fields: [
      { name: "title", label: "Тема", type: "text", required: true },
      { name: "subject", label: "Предмет (область)", type: "text", required: true },
      { name: "level", label: "Уровень", type: "select", options: LEVEL, required: true },
      { name: "result", label: "Результат", type: "text", required: true },
    ],
  },
  additionalEducation: {
    label: "Дополнительное образование",
    fields: [
      { name: "organisation", label: "Организация", type: "text", required: true },
      { name: "programme", label: "Программа", type: "text", required: true },
      { name: "programmeType", label: "Вид программы", type: "select", required: true, options: { general: "общеразвивающая", preprofessional: "предпрофессиональная" } },
      { name: "hours", label: "Часов", type: "number", min: 1, max: 5000, integer: true },
      { name: "result", label: "Результат", type: "text" },
    ],
  },
  uud: {
    label: "Метапредметные результаты (УУД)",
    fields: [
      { name: "uudType", label: "Группа УУД", type: "select", required: true, options: UUD_TYPE },
      { name: "diagnostic", label: "Диагностика", type: "text", required: true },
      { name: "uudLevel", label: "Уровень", type: "select", required: true, options: UUD_LEVEL },
    ],
  },
  personal: {
    label: "Личностные результаты",
    fields: [
      { name: "area", label: "Направление", type: "text", required: true },
      // Read by the risk group's «признаки дезадаптации» criterion (seed 000 §4.1).
      { name: "adaptation", label: "Адаптация", type: "select", options: { ok: "без признаков дезадаптации", concern: "есть признаки дезадаптации" } },
      { name: "observation", label: "Наблюдение специалиста", type: "text", multiline: true, max: 2000, required: true },
    ],
  },
  award: {
    label: "Поощрение",
    fields: [
      { name: "reason", label: "За что", type: "text", required: true },
      { name: "grantedBy", label: "Кем награждён", type: "text", required: true },
      { name: "orderNumber", label: "Номер приказа", type: "text", max: 60 },
      { name: "orderDate", label: "Дата приказа", type: "date" },
    ],
  },
} as const satisfies Record<string, { label: string; fields: readonly Field[] }>;

export type Kind = keyof typeof KINDS;
export const KIND_CODES = Object.keys(KINDS) as Kind[];
export const isKind = (value: unknown): value is Kind => typeof value === "string" && value in KINDS;

export type Details = Record<string, string | number>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const toDate = (value: string) => new Date(`${value}T00:00:00Z`);
/** Today as the school sees it: a date «in the future» is after today in Moscow. */
export const todayIso = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

function fieldSchema(field: Field): z.ZodType {
  const label = field.label.replace(/\s*\(.*\)$/, "");
  switch (field.type) {
    case "text":
      return z.string().trim().max(field.max ?? 300, `${label}: не длиннее ${field.max ?? 300} символов`);
    case "select":
      return z.enum(Object.keys(field.options) as [string, ...string[]], { error: `${label}: выберите значение из списка` });
    case "number": {
      let n = z.coerce.number({ error: `${label}: нужно число` }).refine(Number.isFinite, `${label}: нужно число`);
      n = n.refine((v) => v >= field.min, `${label}: не меньше ${field.min}`).refine((v) => v <= field.max, `${label}: не больше ${field.max}`);
      if (field.integer) n = n.refine(Number.isInteger, `${label}: нужно целое число`);
      return n;
    }
    case "date":
      return z
        .string()
        .regex(ISO_DATE, `${label}: неверная дата`)
        .refine((v) => !Number.isNaN(toDate(v).getTime()) && toDate(v).toISOString().startsWith(v), `${label}: неверная дата`)
        .refine((v) => v <= todayIso(), `${label}: дата в будущем`)
        .refine((v) => v >= "1990-01-01", `${label}: слишком ранняя дата`);
  }
}

const visible = (field: Field, raw: Record<string, unknown>) => !field.showIf || field.showIf.values.includes(String(raw[field.showIf.field] ?? ""));

/** The fields of a kind that apply given the other answers (e.g. the ВсОШ stage only for ВсОШ). */
export const visibleFields = (kind: Kind, raw: Record<string, unknown>): Field[] => (KINDS[kind].fields as readonly Field[]).filter((f) => visible(f, raw));

export interface ParsedAchievement {
  kind: Kind;
  date: string;
  details: Details;
}

/**
 * Validates a submitted achievement (form fields as strings): the kind, its date, and each field
 * of the kind. Errors come back by field name, in Russian.
 */
export function parseAchievement(raw: Record<string, unknown>): { ok: true; value: ParsedAchievement } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = raw.kind;
  if (!isKind(kind)) return { ok: false, errors: { kind: "Выберите вид достижения" } };
  const date = fieldSchema({ name: "date", label: "Дата", type: "date" }).safeParse(typeof raw.date === "string" ? raw.date.trim() : raw.date);
  if (!date.success) errors.date = typeof raw.date === "string" && raw.date.trim() ? date.error.issues[0].message : "Укажите дату";
  const details: Details = {};
  for (const field of visibleFields(kind, raw)) {
    const value = raw[field.name];
    const empty = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
    if (empty) {
      if (field.required) errors[field.name] = `Заполните поле «${field.label}»`;
      continue;
    }
    if (typeof value !== "string" && typeof value !== "number") {
      errors[field.name] = `${field.label}: неверное значение`;
      continue;
    }
    const parsed = fieldSchema(field).safeParse(value);
    if (parsed.success) details[field.name] = parsed.data as string | number;
    else errors[field.name] = parsed.error.issues[0].message;
  }
  if (typeof details.periodFrom === "string" && typeof details.periodTo === "string" && details.periodFrom > details.periodTo) {
    errors.periodTo = "Конец периода раньше начала";
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { kind, date: date.data as string, details } };
}

/** One line a person reads: «ВсОШ, региональный этап, математика — призёр». */
export function describeAchievement(kind: Kind, d: Details): string {
  const opt = (field: string) => {
    const f = (KINDS[kind].fields as readonly Field[]).find((x) => x.name === field);
    return f && f.type === "select" ? (f.options[String(d[field])] ?? "") : String(d[field] ?? "");
  };
  const status = d.status ? ` — ${STATUS[String(d.status)]}` : "";
  switch (kind) {
    case "olympiad":
      if (d.olympiadType === "vsosh") return `ВсОШ, ${opt("stage")} этап, ${d.subject}${status}`;
      return `${d.title}${d.olympiadType === "listed" ? ` (перечень, ${opt("listLevel")})` : `, ${opt("level")} уровень`}, ${d.subject}${status}`;
    case "contest":
      return `${d.title}, ${opt("level")} уровень${status}`;
    case "sport":
      return `${d.title} (${d.sport}), ${opt("level")} уровень${status}${d.place ? `, ${d.place} место` : ""}`;
    case "gto":
      return `ГТО: ${opt("badge")} знак, ${d.stage} ступень`;
    case "volunteering":
      return `${d.activity} — ${d.organisation}, ${d.hours} ч`;
    case "selfGovernment":
      return `${d.body}: ${d.role}`;
    case "project":
      return `${d.title} (${d.subject}), ${opt("level")} уровень: ${d.result}`;
    case "additionalEducation":
      return `${d.programme} — ${d.organisation}${d.hours ? `, ${d.hours} ч` : ""}`;
    case "uud":
      return `${opt("uudType")} УУД: ${opt("uudLevel")} уровень (${d.diagnostic})`;
    case "personal":
      return `${d.area}: наблюдение специалиста`;
    case "award":
      return `Поощрение: ${d.reason} (${d.grantedBy})`;
  }
}

/** Where the level stands for filters and reports: regional, federal… (olympiad stages map onto levels). */
export function levelOf(kind: Kind, d: Details): string | null {
  if (kind === "olympiad" && d.olympiadType === "vsosh") return d.stage === "final" ? "federal" : String(d.stage);
  if (typeof d.level === "string") return d.level;
  return null;
}

/** Which kinds a person may enter: a specialist alone enters УУД and personal results only. */
export function kindsAllowed(roles: readonly string[]): Kind[] {
  if (roles.some((r) => r === "admin" || r === "classTeacher" || r === "teacher")) return KIND_CODES;
  if (roles.includes("specialist")) return ["uud", "personal"];
  return [];
}

export const STATUS_LABELS = { draft: "черновик", submitted: "на проверке", verified: "подтверждено", rejected: "отклонено" } as const;

/**
 * Each student's level of each УУД group: the latest diagnostic stands (records sorted by date).
 * Student id → group → level.
 */
export function latestUudLevels(records: { studentId: unknown; kind: string; details: Details }[]) {
  const levels = new Map<string, Map<string, string>>();
  for (const r of records) {
    if (r.kind !== "uud") continue;
    const own = levels.get(String(r.studentId)) ?? new Map<string, string>();
    own.set(String(r.details.uudType), String(r.details.uudLevel));
    levels.set(String(r.studentId), own);
  }
  return levels;
}

/** §4.7 of the regulation: an achievement is verified against a confirming document; УУД levels and personal results are observations and need none. */
export const hasWhatVerificationNeeds = (achievement: { kind: string; evidence: unknown[] }) =>
  achievement.evidence.length > 0 || achievement.kind === "personal" || achievement.kind === "uud";
