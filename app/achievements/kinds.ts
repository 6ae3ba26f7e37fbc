// What the kinds of achievement mean for a form and a page: which of a kind's fields apply (the form's
// schema is built from the kinds in app/achievements/forms.ts), one line describing an achievement,
// who may enter which kind.
import { KIND_CODES, KINDS, STATUS, type Details, type Field, type Kind } from "~models/vocabulary/achievement-kinds";

/** Whether a field of a kind applies given the other answers (e.g. the ВсОШ stage only for ВсОШ). */
export const isShown = (field: Field, answers: Record<string, unknown>) => !field.showIf || field.showIf.values.includes(String(answers[field.showIf.field] ?? ""));

/** An achievement as the form gives it, checked (app/achievements/forms.ts): its kind, date and the kind's fields that apply. */
export interface ParsedAchievement {
  kind: Kind;
  date: string;
  details: Details;
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
  // A family proposes what a document confirms; УУД diagnostics and personal observations are the
  // specialists' and teachers' own records (they need no document, so a family's would go unchecked).
  if (roles.some((r) => r === "parent" || r === "student")) return KIND_CODES.filter((k) => k !== "uud" && k !== "personal");
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

// What a confirming document is called, by the kind and the result it confirms: the portfolio names
// a document so, never by its file's name.
const RESULT_DOCUMENT: Record<string, string> = { winner: "Диплом победителя", prizewinner: "Диплом призёра", participant: "Сертификат участника" };
const LEVEL_GENITIVE: Record<string, string> = { school: "школьного", municipal: "муниципального", regional: "регионального", federal: "всероссийского", international: "международного", final: "заключительного" };
const KIND_DOCUMENT: Partial<Record<Kind, string>> = {
  gto: "Удостоверение к знаку ГТО",
  volunteering: "Справка о волонтёрской деятельности",
  selfGovernment: "Справка об участии в самоуправлении",
  project: "Документ о защите проекта",
  additionalEducation: "Свидетельство о дополнительном образовании",
  uud: "Протокол диагностики УУД",
  personal: "Характеристика",
  award: "Грамота",
};

/** «Диплом призёра регионального этапа», «Удостоверение к знаку ГТО»; «…, файл 2» for a second file. */
export function documentTitle(kind: Kind, details: Record<string, unknown>, index: number, count: number) {
  const status = String(details.status ?? "");
  const stage = String(details.stage ?? details.level ?? "");
  const base = RESULT_DOCUMENT[status]
    ? `${RESULT_DOCUMENT[status]}${LEVEL_GENITIVE[stage] ? ` ${LEVEL_GENITIVE[stage]} ${kind === "olympiad" && details.stage ? "этапа" : "уровня"}` : ""}`
    : (KIND_DOCUMENT[kind] ?? "Подтверждающий документ");
  return count > 1 ? `${base}, файл ${index + 1}` : base;
}
