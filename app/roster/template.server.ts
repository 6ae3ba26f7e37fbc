// The contingent template a school fills when its journal cannot export one: the columns the import
// reads (first sheet) and how to fill them (second sheet, never read).
import ExcelJS from "exceljs";
import { xlsxBytes } from "~/files/xlsx-bytes.server";
import { PARENT_FIELDS, ROSTER_COLUMNS, TEMPLATE_PARENT_SLOTS } from "~models/vocabulary/roster";

const STUDENT_COLUMNS = ["externalId", "lastName", "firstName", "middleName", "birthDate", "gender", "className", "snils", "enrolledAt"] as const;

export const ROSTER_TEMPLATE_HEADERS = [
  ...STUDENT_COLUMNS.map((c) => ROSTER_COLUMNS[c]),
  ...TEMPLATE_PARENT_SLOTS.flatMap((slot) => Object.values(PARENT_FIELDS).map((field) => `${slot}: ${field}`)),
];

export async function rosterTemplate() {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Контингент");
  sheet.addRow(ROSTER_TEMPLATE_HEADERS).font = { bold: true };
  sheet.columns.forEach((column) => (column.width = 18));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const help = book.addWorksheet("Как заполнить");
  help.getColumn(1).width = 110;
  for (const line of [
    "Строка на ученика. Обязательны: Фамилия, Имя, Дата рождения (ДД.ММ.ГГГГ), Пол (м/ж), Класс (5А).",
    "Вместо трёх столбцов имени можно один — «ФИО» («Иванова Анна Сергеевна»).",
    "Идентификатор — код ученика в вашем электронном журнале: по нему следующая выгрузка узнаёт ученика, даже если изменилась фамилия.",
    "Без идентификатора ученик узнаётся по ФИО (ё и е, регистр и пробелы не различаются) и дате рождения.",
    "СНИЛС — 11 цифр, можно с дефисами и пробелом (112-233-445 95); контрольное число проверяется.",
    "Дата зачисления — по желанию; без неё прибывшие считаются зачисленными в день, указанный при загрузке.",
    "Родители — до двух в шаблоне (столбцы «Родитель 1: …», «Родитель 2: …»); телефон +7 и 10 цифр в любом написании.",
    "Классы должны быть созданы заранее (страница «Классы»). Загружайте всю школу: кого нет в файле, будет предложено к выбытию.",
  ]) help.addRow([line]);
  return await xlsxBytes(book);
}
