// What the kinds of achievement mean for a form and a page: the zod schema built from the kinds' field
// descriptions (models/vocabulary/achievement-kinds.ts), their visible fields, one line describing an
// achievement, its level, who may enter which kind.
import { z } from "zod";
import { isKind, KIND_CODES, KINDS, STATUS, type Details, type Field, type Kind } from "~models/vocabulary/achievement-kinds";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const toDate = (value: string) => new Date(`${value}T00:00:00Z`);
// The school's calendar day, asked of the time zone database rather than a fixed offset; the
// zone is the one moments are shown in (app/domain/format.ts).
const schoolDay = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Moscow", year: "numeric", month: "2-digit", day: "2-digit" });
/** Today as the school sees it («2026-11-23»): a date «in the future» is after today in Moscow. */
export const todayIso = (now: Date = new Date()) => {
  const part = Object.fromEntries(schoolDay.formatToParts(now).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
};

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
