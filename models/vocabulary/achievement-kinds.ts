// The kinds of individual achievement (seed 004 §3.2, §3.3) and their fields, as data: the model
// stores these codes, the form draws its inputs from these descriptions and the server validates
// with the schema built from them (app/achievements/kinds.ts), so the three cannot drift apart.

export type Options = Record<string, string>;
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

/** Where the level stands for filters and reports: regional, federal… (olympiad stages map onto levels). */
export function levelOf(kind: Kind, d: Details): string | null {
  if (kind === "olympiad" && d.olympiadType === "vsosh") return d.stage === "final" ? "federal" : String(d.stage);
  if (typeof d.level === "string") return d.level;
  return null;
}
