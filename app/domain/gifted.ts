// Who qualifies for the state register of gifted children (ГИР) in a school year, and why (seed
// 004 §1.1, §3.4; Постановление Правительства РФ № 1738 of 19.10.2023, Приказ Минпросвещения
// № 531 of 10.07.2025): winners and prize-winners of the events on the ministry's list for that
// school year. The list is data the school loads each year; no event is named here.
import { levelOf } from "~models/vocabulary/achievement-kinds";
import { LEVEL, STATUS, type Details, type Kind } from "~models/vocabulary/achievement-kinds";
import type { GiftedListEntry } from "~models/vocabulary/gifted";


export interface GiftedAchievement {
  id: string;
  kind: Kind;
  status: string;
  academicYear: string;
  title: string;
  details: Details;
}

/** Kinds of achievement an event on the list can be: olympiads, contests, sports events. */
export const GIFTED_KINDS: readonly Kind[] = ["olympiad", "contest", "sport"];
const COUNTED_RESULTS = ["winner", "prizewinner"];
const LEVEL_ORDER = ["school", "municipal", "regional", "federal", "international"];

/** Names compared the way a person would: case, «ё», quotes and punctuation do not matter. */
export const normaliseName = (value: string) =>
  value
    .toLocaleLowerCase("ru")
    .replaceAll("ё", "е")
    .replace(/[«»"'„“”().,;:!?–—-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The name of the event an achievement records: what the list is searched for. */
export function eventName(kind: Kind, d: Details): string {
  if (kind === "olympiad" && d.olympiadType === "vsosh") return "Всероссийская олимпиада школьников";
  return String(d.title ?? "");
}

const profileOf = (d: Details) => String(d.subject ?? d.sport ?? "");

/** «в перечне» when one name holds the other: the list may say more («… по математике») or less. */
const sameEvent = (a: string, b: string) => {
  const [x, y] = [normaliseName(a), normaliseName(b)];
  return x.length > 0 && y.length > 0 && (x === y || x.includes(y) || y.includes(x));
};

export type GiftedVerdict =
  | { achievement: GiftedAchievement; qualifies: true; entry: GiftedListEntry; reason: string }
  | { achievement: GiftedAchievement; qualifies: false; entry: null; reason: string };

/** One achievement against the list of a school year: qualifies, or the first reason it does not. */
export function checkAchievement(a: GiftedAchievement, year: string, entries: GiftedListEntry[] | null): GiftedVerdict {
  const no = (reason: string): GiftedVerdict => ({ achievement: a, qualifies: false, entry: null, reason });
  if (a.academicYear !== year) return no(`достижение ${a.academicYear} учебного года, а проверяется ${year}`);
  if (a.status !== "verified") return no("не подтверждено школой по документам");
  const result = String(a.details.status ?? "");
  if (!COUNTED_RESULTS.includes(result)) return no(`результат «${STATUS[result] ?? "не указан"}»: в реестр вносят только победителей и призёров`);
  if (!entries) return no(`перечень мероприятий на ${year} учебный год не загружен`);
  const name = eventName(a.kind, a.details);
  const sameName = entries.filter((e) => sameEvent(e.event, name));
  if (sameName.length === 0) return no(`«${name}» нет в перечне на ${year} учебный год`);
  const level = levelOf(a.kind, a.details) ?? "";
  const profile = profileOf(a.details);
  for (const entry of sameName) {
    const levelOk = !entry.level || LEVEL_ORDER.indexOf(level) >= LEVEL_ORDER.indexOf(entry.level);
    const profileOk = !entry.profile || sameEvent(entry.profile, profile);
    if (levelOk && profileOk) {
      return { achievement: a, qualifies: true, entry, reason: `«${entry.event}»${entry.profile ? ` (${entry.profile})` : ""} в перечне на ${year} учебный год: ${entry.act || "основание не указано"}` };
    }
  }
  const entry = sameName[0];
  if (entry.profile && !sameName.some((e) => !e.profile || sameEvent(e.profile, profile))) {
    return no(`«${entry.event}» в перечне только по профилям: ${sameName.map((e) => e.profile).join(", ")}; здесь — «${profile || "профиль не указан"}»`);
  }
  return no(`«${entry.event}» в перечне начиная с уровня «${LEVEL[entry.level]}», здесь — «${LEVEL[level] ?? "уровень не указан"}»`);
}

export interface GiftedEligibility {
  year: string;
  listLoaded: boolean;
  qualifies: boolean;
  verdicts: GiftedVerdict[];
}

/** A student's eligibility in a school year: every olympiad, contest and sports result with its verdict, qualifying ones first. */
export function giftedEligibility(achievements: GiftedAchievement[], year: string, entries: GiftedListEntry[] | null): GiftedEligibility {
  const verdicts = achievements
    .filter((a) => GIFTED_KINDS.includes(a.kind))
    .map((a) => checkAchievement(a, year, entries))
    .sort((x, y) => Number(y.qualifies) - Number(x.qualifies) || Number(y.achievement.academicYear === year) - Number(x.achievement.academicYear === year));
  return { year, listLoaded: entries !== null, qualifies: verdicts.some((v) => v.qualifies), verdicts };
}

/** A level as the list writes it («региональный этап», «всероссийский», «III уровень»…) as a LEVEL code; "" for any; null if unknown. */
export function parseListLevel(text: string): string | null {
  const t = normaliseName(text);
  if (!t || t === "любой" || t === "все") return "";
  if (/^школьн/.test(t)) return "school";
  if (/^муниципальн/.test(t)) return "municipal";
  if (/^(региональн|регион|межрегиональн)/.test(t)) return "regional";
  if (/^(всероссийск|заключительн|федеральн|финал|национальн)/.test(t)) return "federal";
  if (/^международн/.test(t)) return "international";
  return null;
}
