// The school's card (`/admin/school`): its names, address, contacts, director and registration
// numbers, checked alike in the browser and on the server. The logo is a file beside the fields,
// judged by its bytes on the server (app/school/card.server.ts). No `.server`: the page reads it too.
import { z } from "zod";
import { innChecksumOk, ogrnChecksumOk } from "~/domain/requisites";

/** The logo: PNG or JPEG up to 1 MB, stored downscaled to at most this many pixels high (and wide). */
export const LOGO_LIMITS = { maxBytes: 1024 * 1024, height: 240, maxWidth: 720 } as const;
export const LOGO_LIMITS_TEXT = `PNG или JPEG до ${LOGO_LIMITS.maxBytes / 1024 / 1024} МБ; хранится уменьшенным до ${LOGO_LIMITS.height} точек в высоту`;

export const CARD_LIMITS = { name: 300, shortName: 120, address: 300, phone: 40, email: 120, director: 120, directorTitle: 80 } as const;

const required = (label: string, max: number) =>
  z
    .string({ error: `Укажите: ${label.toLowerCase()}` })
    .trim()
    .min(1, `Укажите: ${label.toLowerCase()}`)
    .max(max, `${label}: не длиннее ${max} символов`);

const optional = (label: string, max: number, rule?: { pattern: RegExp; message: string }) => {
  const base = z.string().trim().max(max, `${label}: не длиннее ${max} символов`);
  return (rule ? base.regex(rule.pattern, rule.message) : base).optional();
};

export const SchoolCardSchema = z.object({
  name: required("Полное наименование", CARD_LIMITS.name),
  shortName: required("Сокращённое наименование", CARD_LIMITS.shortName),
  address: required("Адрес", CARD_LIMITS.address),
  phone: optional("Телефон", CARD_LIMITS.phone, { pattern: /^\+?[\d\s()-]{5,}$/, message: "Телефон: цифры, пробелы, скобки и дефисы, например +7 (4852) 00-17-17" }),
  email: optional("Электронная почта", CARD_LIMITS.email, { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, message: "Электронная почта: адрес вида school@example.ru" }),
  director: optional("ФИО руководителя", CARD_LIMITS.director, { pattern: /^[\p{L}\s.'’-]+$/u, message: "ФИО руководителя: только буквы, пробелы, точки и дефисы" }),
  directorTitle: optional("Должность руководителя", CARD_LIMITS.directorTitle),
  inn: z
    .string()
    .trim()
    .regex(/^\d{10}$/, "ИНН организации — 10 цифр")
    // Only ten digits have a checksum to judge: anything else is told the rule above.
    .refine((v) => !/^\d{10}$/.test(v) || innChecksumOk(v), "ИНН: неверная контрольная сумма")
    .optional(),
  ogrn: z
    .string()
    .trim()
    .regex(/^\d{13}$/, "ОГРН — 13 цифр")
    .refine((v) => !/^\d{13}$/.test(v) || ogrnChecksumOk(v), "ОГРН: неверная контрольная сумма")
    .optional(),
  /** Ticked: the logo is removed (a file sent at the same time wins). */
  removeLogo: z.boolean().default(false),
});

export type SchoolCardInput = z.infer<typeof SchoolCardSchema>;
