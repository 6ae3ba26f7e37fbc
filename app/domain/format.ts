// Russian dates and numbers. Calendar dates (birth dates, period bounds) are stored as UTC
// midnight and shown in UTC; moments (an audit line) in the school's time zone.
const SCHOOL_TIME_ZONE = "Europe/Moscow";

const dateFormat = new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("ru-RU", {
  day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: SCHOOL_TIME_ZONE,
});

export const formatDate = (value: Date | string | null | undefined) => (value ? dateFormat.format(new Date(value)) : "—");
export const formatDateTime = (value: Date | string | null | undefined) => (value ? dateTimeFormat.format(new Date(value)) : "—");

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

/** «1 минуту», «3 минуты», «15 минут». */
export function pluralRu(n: number, [one, few, many]: [string, string, string]) {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} ${one}`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} ${few}`;
  return `${n} ${many}`;
}

/** Russian alphabetical order, ё beside е as the dictionary has it. */
export const russianCollator = new Intl.Collator("ru", { sensitivity: "base" });
