import ExcelJS from "exceljs";
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { readTable } from "~/files/table-file.server";
import { RefusedByRule } from "~/http/refusals";
import { hashPassword, insertUser, isLoginTaken, verifyLogin } from "~models/user.server";
import { applyUserImport, checkUserTable } from "./user-import.server";

useTestDatabase();
const schoolId = new Types.ObjectId();

const cp1251 = (text: string) => {
  // The bytes Russian Excel writes for «Сохранить как CSV»: Windows-1251.
  const table = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u0098™љ›њќћџ\u00A0ЎўЈ¤Ґ¦§Ё©Є«¬\u00AD®Ї°±Ііґµ¶·ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";
  return Uint8Array.from([...text].map((ch) => (ch.charCodeAt(0) < 128 ? ch.charCodeAt(0) : 128 + table.indexOf(ch))));
};

describe("user list import", () => {
  it("reads a Windows-1251 CSV with «;» and lists every problem with its row and column", async () => {
    const csv = [
      "Фамилия;Имя;Отчество;Логин;Роли",
      "Ёлкина;Алёна;Сергеевна;elkina;классный руководитель, учитель",
      "Петров;;Иванович;petrov;учитель",
      "Сидоров;Пётр;;elkina;родитель",
      "Смирнов;Иван;;smirnov;директор",
      "Козлов;Олег;;BAD LOGIN;учитель",
      "Зайцева;Анна;;zaitseva;обучающийся, администрация",
    ].join("\r\n");
    const table = await readTable(cp1251(csv));
    expect(table.headers).toEqual(["Фамилия", "Имя", "Отчество", "Логин", "Роли"]);
    const { problems } = await checkUserTable(table);
    expect(problems).toEqual([
      { row: 3, column: "Имя", message: "не заполнено" },
      { row: 4, column: "Логин", message: "повторяет логин из строки 2" },
      { row: 5, column: "Роли", message: "неизвестная роль «директор»" },
      { row: 6, column: "Логин", message: expect.stringContaining("латинских букв") },
      { row: 7, column: "Роли", message: "Роль «Обучающийся» не совмещается с другими ролями" },
    ]);
  });

  it("reads XLSX, finds a taken login, then creates all rows with temporary passwords", async () => {
    await insertUser({ schoolId, user: { login: "taken", passwordHash: "x", lastName: "А", firstName: "Б", roles: ["teacher"] } });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Список");
    sheet.addRows([["Фамилия", "Имя", "Отчество", "Логин", "Роль"], ["Фёдорова", "Галина", "Ивановна", "fedorova", "Архивариус"], ["Юдин", "Семён", "", "taken", "teacher"]]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const first = await checkUserTable(await readTable(bytes));
    expect(first.problems).toEqual([{ row: 3, column: "Логин", message: "логин «taken» уже занят" }]);

    sheet.getCell("D3").value = "yudin";
    const second = await checkUserTable(await readTable(new Uint8Array(await workbook.xlsx.writeBuffer())));
    expect(second.problems).toEqual([]);
    const created = await applyUserImport(schoolId, second.rows);
    expect(created.map((c) => c.login)).toEqual(["fedorova", "yudin"]);
    const fedorova = await verifyLogin("fedorova", created[0].password);
    expect(fedorova?.roles).toEqual(["archivist"]);
    expect(fedorova?.mustChangePassword).toBe(true);
  });

  it("creates nothing when one row cannot be written", async () => {
    await insertUser({ schoolId, user: { login: "late", passwordHash: await hashPassword("x-password"), lastName: "А", firstName: "Б", roles: ["teacher"] } });
    const rows = [
      { row: 2, lastName: "Первый", firstName: "Иван", middleName: "", login: "first-ok", roles: ["teacher" as const] },
      { row: 3, lastName: "Второй", firstName: "Пётр", middleName: "", login: "late", roles: ["teacher" as const] },
    ];
    await expect(applyUserImport(schoolId, rows)).rejects.toThrow();
    expect(await isLoginTaken({ login: "first-ok" })).toBe(false);
    expect(await isLoginTaken({ login: "late" })).toBe(true);
  });

  it("refuses files that are not tables, with a Russian reason", async () => {
    await expect(readTable(new Uint8Array())).rejects.toThrow(new RefusedByRule("Файл пустой", "file"));
    await expect(readTable(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow("Файл повреждён");
    await expect(readTable(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]))).rejects.toThrow("Это не таблица");
    const noHeaders = await checkUserTable(await readTable(new TextEncoder().encode("a,b\n1,2\n")));
    expect(noHeaders.problems[0].message).toBe("нет столбца «Фамилия»");
  });
});
