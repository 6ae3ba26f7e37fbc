// The parts of a portfolio a family may ask for (seed 004 §4.9): each kind of achievement belongs
// to exactly one section (checked by sections.test.ts); «results» holds the subject marks.
import type { Kind } from "~models/vocabulary/achievement-kinds";

export const PORTFOLIO_SECTIONS = {
  achievements: { label: "Олимпиады, конкурсы, спорт, ГТО, проекты, дополнительное образование, поощрения", short: "достижения", kinds: ["olympiad", "contest", "sport", "gto", "project", "additionalEducation", "award"] },
  activity: { label: "Общественная деятельность: волонтёрство, ученическое самоуправление", short: "общественная деятельность", kinds: ["volunteering", "selfGovernment"] },
  results: { label: "Предметные результаты и их динамика", short: "предметные результаты", kinds: [] },
  metasubject: { label: "Метапредметные результаты (УУД)", short: "УУД", kinds: ["uud"] },
  personal: { label: "Личностные результаты", short: "личностные результаты", kinds: ["personal"] },
} as const satisfies Record<string, { label: string; short: string; kinds: readonly Kind[] }>;

export type SectionCode = keyof typeof PORTFOLIO_SECTIONS;
export const SECTION_CODES = Object.keys(PORTFOLIO_SECTIONS) as SectionCode[];
export const isSection = (value: unknown): value is SectionCode => typeof value === "string" && value in PORTFOLIO_SECTIONS;

/** The section a kind of achievement is printed in. */
export const sectionOf = (kind: Kind): SectionCode => SECTION_CODES.find((code) => (PORTFOLIO_SECTIONS[code].kinds as readonly Kind[]).includes(kind))!;

/** The sections of a request in few words: «всё портфолио», or their short names. */
export const sectionsInBrief = (codes: readonly string[]) =>
  SECTION_CODES.every((code) => codes.includes(code)) ? "всё портфолио" : SECTION_CODES.filter((code) => codes.includes(code)).map((code) => PORTFOLIO_SECTIONS[code].short).join(", ");
