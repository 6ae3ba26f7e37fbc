// The layout rules of every issued PDF, on the writer itself: a heading never ends a page (it goes
// with its table's header and first two rows), and a word is never broken unless it alone is wider
// than its column could be. Read back with poppler's pdftotext, page by page.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PdfWriter } from "~/documents/pdf-kit.server";

/** Each page's lines as pdftotext reads them. */
function pages(bytes: Uint8Array): string[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layout-"));
  try {
    const file = path.join(dir, "d.pdf");
    fs.writeFileSync(file, bytes);
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    return text.split("\f").filter((p) => p.trim()).map((p) => p.split("\n").map((l) => l.trim()).filter(Boolean));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ROWS = (n: number) => Array.from({ length: n }, (_, i) => [`0${(i % 9) + 1}.03.2026`, `Конкурс чтецов «Живая классика», этап ${i + 1}`, "региональный", "победитель", "Диплом победителя регионального этапа"]);
const COLUMNS = [
  { header: "Дата", width: 1.35 },
  { header: "Достижение", width: 4 },
  { header: "Уровень", width: 1.75 },
  { header: "Результат", width: 1.2 },
  { header: "Документ", width: 2 },
];

describe("issued PDFs' layout", () => {
  it("a heading at the bottom of a page moves to the next page with its table's header and two rows", async () => {
    // Fill the first page with lines until different amounts of room are left, then a heading and a table.
    for (let fill = 30; fill <= 52; fill++) {
      const pdf = await PdfWriter.create({ title: "t", subject: "s", author: "a" });
      for (let i = 0; i < fill; i++) pdf.text(`Строка ${i + 1}`, { size: 10 });
      pdf.heading("Олимпиады", 3);
      pdf.heading("2025/2026 учебный год", 4);
      pdf.table(COLUMNS, ROWS(6));
      const read = pages(await pdf.finish("проверка"));
      for (const page of read.slice(0, -1)) {
        const body = page.filter((l) => !l.includes("проверка"));
        expect(body.at(-1), `после ${fill} строк`).not.toMatch(/^(Олимпиады|2025\/2026 учебный год|Дата Достижение.*)$/);
      }
      const withHeading = read.find((p) => p.includes("Олимпиады"))!;
      // On the heading's page: its year, the table's header and at least two rows.
      expect(withHeading.filter((l) => l.includes("Конкурс чтецов")).length, `после ${fill} строк`).toBeGreaterThanOrEqual(2);
    }
  });

  it("no word is broken across lines when it fits a column of its own", async () => {
    const pdf = await PdfWriter.create({ title: "t", subject: "s", author: "a" });
    pdf.table(COLUMNS, ROWS(3));
    const lines = pages(await pdf.finish("проверка")).flat();
    const words = new Set(ROWS(3).flat().flatMap((cell) => cell.split(" ")));
    for (const line of lines.filter((l) => !l.includes("проверка"))) {
      for (const word of line.split(" ")) expect(words.has(word) || ["Дата", "Достижение", "Уровень", "Результат", "Документ"].includes(word), `«${word}» в «${line}»`).toBe(true);
    }
    expect(lines.join(" ")).toContain("победитель");
  });
});
