import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pdfText, renderPdf } from "../../tests/pdf";
import { PdfWriter } from "./pdf-kit.server";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. ЁЛКИ Йод йогурт «ёжик» — №17";

async function document(lines: { text: string; bold?: boolean }[]) {
  const pdf = await PdfWriter.create({ title: "Проба", subject: "проба", author: "школа" });
  for (const line of lines) pdf.text(line.text, { bold: line.bold });
  return pdf.finish("Проба · стр.");
}

describe("the PDF layer", () => {
  it("keeps every character readable in the text layer, document after document", async () => {
    // The font is parsed once per process. A letter drawn only as part of another (the «Е» inside
    // «Ё», the «A» inside «À») is made by the first document's subset: the next document that
    // prints the plain letter must still have it in its text layer.
    const accented = "ЁёЙйÀÁÂÄÅÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÝàáâäåèéêëìíîïòóôöùúûüýÿĀāĒēŌōŪū";
    await document([{ text: accented }, { text: accented, bold: true }]);
    for (let round = 0; round < 2; round++) {
      const text = pdfText(await document([{ text: RUSSIAN }, { text: RUSSIAN, bold: true }, { text: ALPHABET, bold: true }, { text: ALPHABET }, { text: "aeiouy AEIOUY", bold: true }]));
      expect(text).toContain(RUSSIAN);
      expect(text).toContain(ALPHABET);
      expect(text).toContain("aeiouy AEIOUY");
    }
  });

  it("wraps long text onto new pages with numbers, and the pages render", async () => {
    const long = Array.from({ length: 120 }, (_, i) => ({ text: `${i + 1}. ${RUSSIAN} ${"очень-длинное-слово-без-пробелов".repeat(4)}` }));
    const bytes = await document(long);
    const text = pdfText(bytes);
    const pages = /стр\. 1 из (\d+)/.exec(text);
    expect(Number(pages?.[1])).toBeGreaterThan(3);
    expect(text).toContain("120. Съешь же");
    const rendered = renderPdf(bytes);
    expect(rendered.status).toBe(0);
    expect(rendered.pages).toBe(Number(pages?.[1]));
  });

  it("sets a table too wide for its longest words in smaller type rather than breaking a word", async () => {
    const pdf = await PdfWriter.create({ title: "Проба", subject: "проба", author: "школа" });
    const periods = ["2024/2025", "2025/2026"].flatMap((year) => [1, 2, 3].map((n) => `${n}-й триместр ${year}`));
    pdf.table(
      // As the portfolio's results: a subject, a mark per period, the trajectory and its word.
      [{ header: "Предмет", width: 3 }, ...periods.map((header) => ({ header, width: 1.2, align: "center" as const })), { header: "Динамика", width: 1.6 }, { header: "", width: 1.5 }],
      [["Изобразительное искусство", "4", "5", "5", "4", "4", "5", { spark: [4, 5, 5, 4, 4, 5] }, "нестабильно"]],
    );
    const lines = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], { input: await pdf.finish("Проба"), encoding: "utf8" });
    // Every word stands whole on some line: no «нестабильн / о», no «2024/20 / 25».
    for (const word of ["Изобразительное", "нестабильно", "2024/2025", "2025/2026", "триместр", "Динамика"]) expect(lines).toContain(word);
  });
});
