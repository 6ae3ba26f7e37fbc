// The time zones of Russia a school can be in, as people name them: the offset from Moscow and a
// city. One of them is the school's clock (app/domain/format.ts); Moscow is the default.
export const TIME_ZONES = {
  "Europe/Kaliningrad": { label: "МСК−1, Калининград", short: "МСК−1" },
  "Europe/Moscow": { label: "МСК, Москва", short: "мск" },
  "Europe/Samara": { label: "МСК+1, Самара", short: "МСК+1" },
  "Asia/Yekaterinburg": { label: "МСК+2, Екатеринбург", short: "МСК+2" },
  "Asia/Omsk": { label: "МСК+3, Омск", short: "МСК+3" },
  "Asia/Novosibirsk": { label: "МСК+4, Новосибирск", short: "МСК+4" },
  "Asia/Krasnoyarsk": { label: "МСК+4, Красноярск", short: "МСК+4" },
  "Asia/Irkutsk": { label: "МСК+5, Иркутск", short: "МСК+5" },
  "Asia/Yakutsk": { label: "МСК+6, Якутск", short: "МСК+6" },
  "Asia/Vladivostok": { label: "МСК+7, Владивосток", short: "МСК+7" },
  "Asia/Magadan": { label: "МСК+8, Магадан", short: "МСК+8" },
  "Asia/Kamchatka": { label: "МСК+9, Петропавловск-Камчатский", short: "МСК+9" },
} as const;

export type TimeZone = keyof typeof TIME_ZONES;
export const DEFAULT_TIME_ZONE: TimeZone = "Europe/Moscow";
export const isTimeZone = (value: unknown): value is TimeZone => typeof value === "string" && value in TIME_ZONES;
