import { describe, expect, it } from "vitest";
import { delimiterOf, readTable } from "./table-file.server";

/** Windows-1251 bytes of a Russian text (А–я at 0xC0–0xFF, Ё 0xA8, ё 0xB8), as journal exports come. */
function cp1251(text: string) {
  return Uint8Array.from([...text].map((c) => (c === "Ё" ? 0xa8 : c === "ё" ? 0xb8 : c >= "А" && c <= "я" ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
}

describe("a CSV a school sends", () => {
  it("with «;» and an empty last line is read in columns, not as one", async () => {
    const table = await readTable(new TextEncoder().encode("ФИО;Класс\r\nСемёнов Пётр;5А\r\n"));
    expect(table.headers).toEqual(["ФИО", "Класс"]);
    expect(table.rows).toEqual([{ row: 2, cells: ["Семёнов Пётр", "5А"] }]);
  });

  it("with «,» and quoted commas", async () => {
    const table = await readTable(new TextEncoder().encode('ФИО,Класс\n"Иванова-Петрова, Анна",6Б\n'));
    expect(table.headers).toEqual(["ФИО", "Класс"]);
    expect(table.rows[0].cells).toEqual(["Иванова-Петрова, Анна", "6Б"]);
  });

  it("in Windows-1251 keeps ё", async () => {
    const table = await readTable(cp1251("ФИО;Класс\nЁлкина Алёна;7В\n"));
    expect(table.rows[0].cells).toEqual(["Ёлкина Алёна", "7В"]);
  });

  it("takes the separator from the header line", () => {
    expect(delimiterOf("a;b;c\n1,5;2;3")).toBe(";");
    expect(delimiterOf('"a;x",b,c\n')).toBe(",");
    expect(delimiterOf("a\tb\n")).toBe("\t");
    expect(delimiterOf("ФИО\n")).toBe(";");
  });
});
