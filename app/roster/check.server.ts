// A journal's contingent export, checked whole before anything is written: each problem with its
// row, column and reason. Headers are recognised in the spellings journals and schools use; the
// parents' columns by who they are («мать», «отец», «родитель 1»…) and what they hold.
import { z } from "zod";
import { parseDay, pluralRu } from "~/domain/format";
import { nameKey } from "~/domain/names";
import { snilsChecksumOk } from "~/domain/requisites";
import { headerKey, type FileProblem, type Table } from "~/files/table-file.server";
import {
  MAX_PARENTS_PER_STUDENT,
  PARENT_FIELDS,
  ROSTER_COLUMNS,
  type ParentField,
  type RosterColumn,
  type RosterParent,
  type RosterRow,
} from "~models/vocabulary/roster";

const STUDENT_HEADERS: Record<string, RosterColumn> = {
  ...Object.fromEntries(Object.entries(ROSTER_COLUMNS).map(([column, header]) => [headerKey(header), column as RosterColumn])),
  id: "externalId", ид: "externalId", uid: "externalId", guid: "externalId", код: "externalId", "код ученика": "externalId",
  "внешний идентификатор": "externalId", "идентификатор обучающегося": "externalId", "id ученика": "externalId", "id обучающегося": "externalId",
  "№ личного дела": "externalId", "номер личного дела": "externalId",
  "ф и о": "fullName", "фио обучающегося": "fullName", "фио ученика": "fullName", обучающийся: "fullName", ученик: "fullName",
  "фамилия обучающегося": "lastName", "имя обучающегося": "firstName", "отчество обучающегося": "middleName",
  "д р": "birthDate", др: "birthDate", "дата рожд": "birthDate", "дата рождения обучающегося": "birthDate",
  "класс группа": "className", "класс/группа": "className", "класс (группа)": "className",
  "снилс обучающегося": "snils", "снилс ученика": "snils",
  "дата прибытия": "enrolledAt", зачислен: "enrolledAt", "дата поступления": "enrolledAt",
};

// Who a parent's column is about, and what it holds: «ФИО матери», «Мать: телефон», «Родитель 1 (e-mail)».
// \b knows only Latin letters: a word here is bounded by anything that is not a letter.
const word = (pattern: string) => new RegExp(`(?<!\\p{L})(?:${pattern})(?!\\p{L})`, "u");
const PARENT_WHO: [RegExp, (m: RegExpMatchArray) => { slot: string; kin: string }][] = [
  [word("мать|матери|мама"), () => ({ slot: "мать", kin: "мать" })],
  [word("отец|отца|папа"), () => ({ slot: "отец", kin: "отец" })],
  [new RegExp("(?<!\\p{L})(?:опекун\\p{L}*|попечител\\p{L}*)\\s*(\\d)?", "u"), (m) => ({ slot: `опекун ${m[1] ?? 1}`, kin: "опекун" })],
  [new RegExp("(?<!\\p{L})(?:родител\\p{L}*|законн\\p{L}* представител\\p{L}*|представител\\p{L}*)\\s*(\\d)?", "u"), (m) => ({ slot: `родитель ${m[1] ?? 1}`, kin: "" })],
];
const PARENT_WHAT: [RegExp, ParentField | "lastName" | "firstName" | "middleName"][] = [
  [word("кем приходится|родство|степень родства|статус"), "kin"],
  [word("e-mail|email|e mail|эл почта|электронная почта|почта"), "email"],
  [word("телефон|тел|моб\\p{L}*"), "phone"],
  [word("фамилия"), "lastName"],
  [word("отчество"), "middleName"],
  [word("имя"), "firstName"],
  [word("фио|ф и о"), "name"],
];
// A column with only the parent's word in it («Мать», «Родитель 1») holds their name; a parent's
// column of anything else («Дата рождения матери», «Место работы отца») is not read.
const parentColumnOf = (key: string) => {
  for (const [who, slotOf] of PARENT_WHO) {
    const m = key.match(who);
    if (!m) continue;
    const what = PARENT_WHAT.find(([pattern]) => pattern.test(key))?.[1];
    if (what) return { ...slotOf(m), what };
    const rest = key.replace(who, "").replace(/[\d\s:()\-–,.№]/g, "");
    return rest === "" ? { ...slotOf(m), what: "name" as const } : null;
  }
  return null;
};

const LATIN_LOOKALIKES: Record<string, string> = { A: "А", B: "В", E: "Е", K: "К", M: "М", H: "Н", O: "О", P: "Р", C: "С", T: "Т", X: "Х", Y: "У" };

/** «5 А», «5-а», «5«А»», «5a» (a Latin letter that looks Cyrillic): «5А»; null when it is no class name. */
export function normaliseClassName(cell: string): string | null {
  const compact = cell.toLocaleUpperCase("ru").replace(/[\s"«»'’\-()]/g, "").replace(/[A-Z]/g, (l) => LATIN_LOOKALIKES[l] ?? l);
  const m = /^(\d{1,2})([А-ЯЁ])$/.exec(compact);
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 11 ? `${Number(m[1])}${m[2]}` : null;
}

/** «+7 (912) 345-67-89», «8 912 345 67 89», «9123456789»: «+79123456789»; null when it is no Russian number. */
export function normalisePhone(cell: string): string | null {
  // A cell with two numbers («+7 912 …, 8 343 …»): the first.
  const digits = cell.split(/[,;/]/)[0].replace(/\D/g, "");
  if (digits.length === 10 && digits.startsWith("9")) return `+7${digits}`;
  if (digits.length === 11 && (digits.startsWith("7") || digits.startsWith("8"))) return `+7${digits.slice(1)}`;
  return null;
}

const GENDERS: Record<string, "m" | "f"> = { м: "m", муж: "m", мужской: "m", m: "m", male: "m", ж: "f", жен: "f", женский: "f", f: "f", female: "f" };
const NAME = /^[\p{L}]+([\s'’ʼ-][\p{L}]+)*$/u;
const NAME_MAX = 60;
const EMAIL = z.email();

/** The youngest and oldest a student of a grade may be on the first day of the year, in full years. */
export const AGE_FOR_GRADE = { youngest: (grade: number) => grade + 4, oldest: (grade: number) => grade + 10 };

const fullYears = (birth: Date, on: Date) => {
  let years = on.getUTCFullYear() - birth.getUTCFullYear();
  if (on.getUTCMonth() < birth.getUTCMonth() || (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate())) years--;
  return years;
};

/** Splits «Иванова Анна Сергеевна», «Алиев Тимур Рашид оглы»: surname, name, the rest (patronymic). */
function splitFullName(cell: string) {
  const [lastName = "", firstName = "", ...rest] = cell.split(/\s+/).filter(Boolean);
  return { lastName, firstName, middleName: rest.join(" ") };
}

export interface RosterContext {
  /** The current year's classes by name («5А»). */
  classNames: Set<string>;
  /** The first day of the current school year: ages are counted on it. */
  yearStart: Date;
}

export function checkRosterTable(table: Table, context: RosterContext): { rows: RosterRow[]; problems: FileProblem[]; hasExternalIds: boolean } {
  const problems: FileProblem[] = [];
  const column: Partial<Record<RosterColumn, number>> = {};
  const parentColumns = new Map<string, { kin: string; cells: Partial<Record<string, number>> }>();
  table.headers.forEach((header, i) => {
    const key = headerKey(header);
    const student = STUDENT_HEADERS[key];
    if (student) {
      if (column[student] === undefined) column[student] = i;
      return;
    }
    const parent = parentColumnOf(key);
    if (!parent) return;
    const slot = parentColumns.get(parent.slot) ?? { kin: parent.kin, cells: {} };
    slot.cells[parent.what] ??= i;
    parentColumns.set(parent.slot, slot);
  });
  const missing = (c: RosterColumn) => problems.push({ row: 1, column: ROSTER_COLUMNS[c], message: `нет столбца «${ROSTER_COLUMNS[c]}»` });
  const splitName = column.lastName !== undefined && column.firstName !== undefined;
  if (!splitName && column.fullName === undefined) problems.push({ row: 1, column: ROSTER_COLUMNS.fullName, message: "нет столбца «ФИО» (или «Фамилия» и «Имя»)" });
  for (const c of ["birthDate", "className", "gender"] as const) if (column[c] === undefined) missing(c);
  if (problems.length) return { rows: [], problems, hasExternalIds: false };
  if (table.rows.length === 0) return { rows: [], problems: [{ row: 2, column: "", message: "в файле нет ни одной строки с учениками" }], hasExternalIds: false };

  const rows: RosterRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (c: RosterColumn) => (column[c] === undefined ? "" : (cells[column[c]!] ?? "").trim());
    const before = problems.length;
    const problem = (c: RosterColumn | string, message: string) =>
      problems.push({ row, column: c in ROSTER_COLUMNS ? ROSTER_COLUMNS[c as RosterColumn] : c, message });

    const names = splitName ? { lastName: cell("lastName"), firstName: cell("firstName"), middleName: cell("middleName") } : splitFullName(cell("fullName"));
    const nameColumn = (part: "lastName" | "firstName" | "middleName") => (splitName ? part : "fullName");
    if (!names.lastName) problem(nameColumn("lastName"), splitName ? "не заполнена фамилия" : "не заполнено ФИО");
    else if (!names.firstName) problem(nameColumn("firstName"), splitName ? "не заполнено имя" : "нет имени: ожидается «Фамилия Имя Отчество»");
    for (const part of ["lastName", "firstName", "middleName"] as const) {
      const value = names[part];
      if (value && !NAME.test(value)) problem(nameColumn(part), `«${value}»: только буквы, пробел, дефис и апостроф`);
      else if (value.length > NAME_MAX) problem(nameColumn(part), `длиннее ${NAME_MAX} символов`);
    }

    const birth = parseDay(cell("birthDate"));
    if (!cell("birthDate")) problem("birthDate", "не заполнена");
    else if (!birth) problem("birthDate", `«${cell("birthDate")}» — нет такой даты (ожидается ДД.ММ.ГГГГ)`);

    const className = normaliseClassName(cell("className"));
    if (!cell("className")) problem("className", "не заполнен");
    else if (!className) problem("className", `«${cell("className")}» — не название класса (ожидается, например, 5А)`);
    else if (!context.classNames.has(className)) problem("className", `класса ${className} нет в текущем учебном году: создайте его на странице «Классы»`);

    if (birth && className && context.classNames.has(className)) {
      const grade = Number(className.slice(0, -1));
      const age = fullYears(birth, context.yearStart);
      if (age < AGE_FOR_GRADE.youngest(grade) || age > AGE_FOR_GRADE.oldest(grade)) {
        problem("birthDate", `${cell("birthDate")}: к началу учебного года ${age < 0 ? "ученик ещё не родился" : `ученику ${pluralRu(age, ["год", "года", "лет"])}`} — не возраст ${grade}-го класса`);
      }
    }

    const gender = GENDERS[headerKey(cell("gender"))];
    if (!cell("gender")) problem("gender", "не заполнен");
    else if (!gender) problem("gender", `«${cell("gender")}»: ожидается «м» или «ж»`);

    const snilsDigits = cell("snils").replace(/[\s-]/g, "");
    if (snilsDigits && !snilsChecksumOk(snilsDigits)) problem("snils", `«${cell("snils")}» — неверный СНИЛС (11 цифр, контрольное число не сходится)`);

    const enrolled = cell("enrolledAt") ? parseDay(cell("enrolledAt")) : null;
    if (cell("enrolledAt") && !enrolled) problem("enrolledAt", `«${cell("enrolledAt")}» — нет такой даты`);

    const externalId = cell("externalId");
    if (externalId.length > 64) problem("externalId", "длиннее 64 символов");

    const parents: RosterParent[] = [];
    for (const [slot, { kin, cells: at }] of parentColumns) {
      const parentCell = (what: string) => (at[what] === undefined ? "" : (cells[at[what]!] ?? "").trim());
      const label = `${slot[0].toLocaleUpperCase("ru")}${slot.slice(1)}`;
      const name = at.name !== undefined ? splitFullName(parentCell("name")) : { lastName: parentCell("lastName"), firstName: parentCell("firstName"), middleName: parentCell("middleName") };
      const phoneCell = parentCell("phone");
      const emailCell = parentCell("email");
      if (!name.lastName && !phoneCell && !emailCell) continue;
      if (!name.lastName || !name.firstName) {
        problem(`${label}: ФИО`, "указаны контакты, но нет фамилии и имени");
        continue;
      }
      if (![name.lastName, name.firstName, name.middleName].every((part) => !part || (NAME.test(part) && part.length <= NAME_MAX))) {
        problem(`${label}: ФИО`, "только буквы, пробел, дефис и апостроф");
      }
      const phone = phoneCell ? normalisePhone(phoneCell) : "";
      if (phone === null) problem(`${label}: телефон`, `«${phoneCell}» — не номер телефона (ожидается +7 и 10 цифр)`);
      if (emailCell && !EMAIL.safeParse(emailCell).success) problem(`${label}: ${PARENT_FIELDS.email}`, `«${emailCell}» — не адрес электронной почты`);
      parents.push({ ...name, kin: (parentCell("kin") || kin).toLocaleLowerCase("ru").slice(0, 30), phone: phone ?? "", email: emailCell.toLowerCase() });
    }
    if (parents.length > MAX_PARENTS_PER_STUDENT) problem("Родители", `больше ${MAX_PARENTS_PER_STUDENT} представителей`);

    // The same person twice in one file: by the journal's id, else by name and birth date.
    const who = externalId ? `id:${externalId}` : `${nameKey([names.lastName, names.firstName, names.middleName].join(" "))}|${birth?.toISOString().slice(0, 10) ?? cell("birthDate")}`;
    if (firstRowOf.has(who)) problem(externalId ? "externalId" : "fullName", `этот ученик уже есть в строке ${firstRowOf.get(who)}`);
    else firstRowOf.set(who, row);

    if (problems.length > before) continue;
    rows.push({
      row,
      externalId,
      ...names,
      birthDate: birth!.toISOString().slice(0, 10),
      gender: gender!,
      className: className!,
      snils: snilsDigits,
      enrolledAt: enrolled ? enrolled.toISOString().slice(0, 10) : "",
      parents,
    });
  }
  return { rows, problems, hasExternalIds: column.externalId !== undefined };
}
