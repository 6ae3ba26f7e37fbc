// Contingent files as journals export them: a row per student, in XLSX or CSV (UTF-8 or
// Windows-1251, «;» or «,»), with the parents' columns of the template.
import ExcelJS from "exceljs";
import { makeRandom } from "../../scripts/russian-names";

export interface ContingentRow {
  id?: string;
  lastName: string;
  firstName: string;
  middleName: string;
  birthDate: string;
  gender: "м" | "ж";
  className: string;
  snils?: string;
  parents?: { name: string; kin: string; phone: string; email: string }[];
}

const HEADERS = ["Идентификатор", "Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "СНИЛС", "Родитель 1: ФИО", "Родитель 1: кем приходится", "Родитель 1: телефон", "Родитель 1: e-mail", "Родитель 2: ФИО", "Родитель 2: кем приходится", "Родитель 2: телефон", "Родитель 2: e-mail"];

const cellsOf = (r: ContingentRow, withId: boolean) => [
  ...(withId ? [r.id ?? ""] : []),
  r.lastName, r.firstName, r.middleName, r.birthDate, r.gender, r.className, r.snils ?? "",
  ...[0, 1].flatMap((i) => { const p = r.parents?.[i]; return p ? [p.name, p.kin, p.phone, p.email] : ["", "", "", ""]; }),
];

/** Windows-1251 bytes of a Russian text (А–я at 0xC0–0xFF, Ё 0xA8, ё 0xB8, № 0xB9), as journal exports come. */
export function cp1251(text: string) {
  return Uint8Array.from([...text].map((c) => (c === "Ё" ? 0xa8 : c === "ё" ? 0xb8 : c === "№" ? 0xb9 : c >= "А" && c <= "я" ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
}

export function contingentCsv(rows: ContingentRow[], { delimiter = ";", encoding = "utf-8", withId = true }: { delimiter?: string; encoding?: "utf-8" | "windows-1251"; withId?: boolean } = {}) {
  const quote = (v: string) => (v.includes(delimiter) || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [(withId ? HEADERS : HEADERS.slice(1)).map(quote).join(delimiter), ...rows.map((r) => cellsOf(r, withId).map(quote).join(delimiter))];
  const text = lines.join("\r\n") + "\r\n";
  return encoding === "utf-8" ? new TextEncoder().encode(text) : cp1251(text);
}

export async function contingentXlsx(rows: ContingentRow[], { withId = true } = {}) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Контингент");
  sheet.addRow(withId ? HEADERS : HEADERS.slice(1));
  for (const r of rows) sheet.addRow(cellsOf(r, withId));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A valid СНИЛС made of a 9-digit number: its two check digits appended. */
export function snilsOf(number: number) {
  const digits = String(number).padStart(9, "0");
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const check = sum < 100 ? sum : sum <= 101 ? 0 : sum % 101 === 100 ? 0 : sum % 101;
  return `${digits}${String(check).padStart(2, "0")}`;
}

const LAST = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров"];
const FIRST_M = ["Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил", "Егор", "Андрей", "Илья", "Кирилл", "Матвей", "Тимофей", "Роман"];
const FIRST_F = ["Анастасия", "Мария", "Дарья", "Анна", "Елизавета", "Полина", "Виктория", "Екатерина", "Софья", "Алёна", "Ксения", "Варвара", "Алиса", "Ульяна", "Вероника"];
const FATHERS = ["Александров", "Сергеев", "Андреев", "Алексеев", "Дмитриев", "Николаев", "Владимиров", "Игорев", "Олегов", "Юрьев"];

/**
 * A school's contingent: `perClass` students in each class («1А»…), each a distinct person (the
 * row's number is in the id and the СНИЛС), most with one or two parents.
 */
export function generateContingent(classes: string[], perClass: number, yearStartYear: number, seed = 7): ContingentRow[] {
  const random = makeRandom(seed);
  const rows: ContingentRow[] = [];
  let n = 0;
  for (const className of classes) {
    const grade = Number(className.slice(0, -1));
    for (let i = 0; i < perClass; i++) {
      n++;
      const girl = random.next() < 0.5;
      const last = LAST[random.int(0, LAST.length - 1)];
      const father = FATHERS[random.int(0, FATHERS.length - 1)];
      const born = new Date(Date.UTC(yearStartYear - grade - 6, random.int(0, 11), random.int(1, 28)));
      const family = last + (girl ? "а" : "");
      const parents: ContingentRow["parents"] = [];
      if (random.next() < 0.9) parents.push({ name: `${last}а ${FIRST_F[random.int(0, FIRST_F.length - 1)]} ${father}на`, kin: "мать", phone: `+7 (9${String(10 + (n % 89)).padStart(2, "0")}) ${String(100 + (n % 899)).padStart(3, "0")}-${String(n % 100).padStart(2, "0")}-${String((n * 7) % 100).padStart(2, "0")}`, email: `family${n}@example.ru` });
      if (random.next() < 0.5) parents.push({ name: `${last} ${father.slice(0, -2)} ${father}ич`, kin: "отец", phone: `8 912 ${String(n).padStart(3, "0")} ${String(n % 100).padStart(2, "0")} 11`, email: "" });
      rows.push({
        id: `EJ-${String(n).padStart(5, "0")}`,
        lastName: family,
        firstName: girl ? FIRST_F[random.int(0, FIRST_F.length - 1)] : FIRST_M[random.int(0, FIRST_M.length - 1)],
        middleName: `${father}${girl ? "на" : "ич"}`,
        birthDate: born.toISOString().slice(0, 10).split("-").reverse().join("."),
        gender: girl ? "ж" : "м",
        className,
        snils: snilsOf(2_000_000 + n * 13),
        parents,
      });
    }
  }
  return rows;
}
