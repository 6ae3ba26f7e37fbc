// Russian dates and numbers, on the school's clock: the one module every page, PDF, spreadsheet
// and file name takes its dates and times from. Calendar dates (birth dates, period bounds) are
// stored as UTC midnight, which is the same day on the clock of every Russian time zone (all are
// ahead of UTC); moments (an issue, an audit line) are shown as the school's day and time, so a
// document issued at 23:30 UTC is dated the school's next day, in its text and in its file name alike.
import { DEFAULT_TIME_ZONE, isTimeZone, TIME_ZONES, type TimeZone } from "~models/vocabulary/time-zones";

/** The school's time zone: set once the server has read the setting, and in the browser from the page's data. */
let schoolZone: TimeZone = DEFAULT_TIME_ZONE;

export function setSchoolTimeZone(zone: string) {
  if (isTimeZone(zone)) schoolZone = zone;
}
export const schoolTimeZone = (): TimeZone => schoolZone;
/** How a time is marked with its zone: «мск», «МСК+2». */
export const zoneLabel = () => TIME_ZONES[schoolZone].short;

const formattersByZone = new Map<string, ReturnType<typeof formattersOf>>();
function formattersOf(timeZone: string) {
  return {
    date: new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", timeZone }),
    dateTime: new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone }),
    longDate: new Intl.DateTimeFormat("ru-RU", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone }),
    clock: new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  };
}
const formatters = () => {
  let found = formattersByZone.get(schoolZone);
  if (!found) formattersByZone.set(schoolZone, (found = formattersOf(schoolZone)));
  return found;
};

/** A moment's day on the school's clock, in words: «среда, 2 декабря 2026 г.». */
export const formatLongDate = (value: Date | string) => formatters().longDate.format(new Date(value));
export const formatDate = (value: Date | string | null | undefined) => (value ? formatters().date.format(new Date(value)) : "—");
export const formatDateTime = (value: Date | string | null | undefined) => (value ? formatters().dateTime.format(new Date(value)) : "—");

// The school's calendar, asked of the time zone database rather than a fixed offset: «today» in
// every form check and the start of a day in every filter are the school's, whatever the server's zone.
const clockParts = (moment: Date) => Object.fromEntries(formatters().clock.formatToParts(moment).map((p) => [p.type, Number(p.value)]));

/** A moment as the school's clock shows it, for a spreadsheet cell (which has no time zone): its UTC fields are the school's. */
export function schoolWallClock(moment: Date): Date {
  const p = clockParts(moment);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

/** Today as the school sees it, «2026-11-23»: a date «in the future» is after this. */
export function todayIso(now: Date = new Date()) {
  const p = clockParts(now);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** The moment the school's day `iso` («2026-11-23») begins: midnight on the school's clock. */
export function schoolDayStart(iso: string): Date {
  const utcMidnight = new Date(`${iso}T00:00:00Z`);
  // 31.02 is not a day (Date would roll it over into March).
  if (Number.isNaN(utcMidnight.getTime()) || utcMidnight.toISOString().slice(0, 10) !== iso) return new Date(NaN);
  const p = clockParts(utcMidnight);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - utcMidnight.getTime();
  return new Date(utcMidnight.getTime() - offset);
}

/** «15.10.2025», «2025-10-15» or a spreadsheet date, as a UTC day. */
export function parseDay(cell: string): Date | null {
  const text = cell.trim();
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : (m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)) ? m[0] : null;
  if (!iso) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : date;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/**
 * A number the Russian way («3,67»). Formatters are made once per shape: building one per call
 * (what toLocaleString does) costs more than the rest of a page.
 */
export function formatNumber(value: number, minDigits: number, maxDigits = minDigits) {
  const key = `${minDigits}:${maxDigits}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat("ru-RU", { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits }));
  return numberFormats.get(key)!.format(value);
}

const russianPlural = new Intl.PluralRules("ru-RU");

/** «1 минуту», «3 минуты», «15 минут» (a fraction takes the «few» form: «1,5 года»). */
export function pluralRu(n: number, [one, few, many]: [string, string, string]) {
  const form = { one, few, many, other: few, zero: many, two: few }[russianPlural.select(n)];
  return `${Number.isInteger(n) ? n : formatNumber(n, 0, 1)} ${form}`;
}

/** Russian alphabetical order, ё beside е as the dictionary has it. */
export const russianCollator = new Intl.Collator("ru", { sensitivity: "base" });

/** Classes by name as a school lists them: by grade («5А» before «10А»), then by letter. */
export const compareClassNames = (a: string, b: string) => (Number.parseInt(a, 10) || 0) - (Number.parseInt(b, 10) || 0) || russianCollator.compare(a, b);
