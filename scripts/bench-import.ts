// On the synthetic school (made first when missing): `npm run bench:import -- [--data-dir D] [--runs N]`.
// A class's period marks from an XLSX journal export, checked and applied as «Загрузить» and
// «Применить» do (staged, its preview read against the marks in force, switched on, logged), against
// reading the same file alone with the same library (exceljs, through the same readTable). Each run
// has other marks, so every run really checks and writes a new set.
// Prints the figures; the last line is the ratio of the medians.
import { randomInt } from "node:crypto";
import ExcelJS from "exceljs";
import { z } from "zod";
import { readTable } from "~/files/table-file.server";
import { applyImport, stagedImportPreview, stageImport } from "~/results/import.server";
import { classTemplate } from "~/results/template.server";
import { getCurrentYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";
import { getUserByLogin } from "~models/user.server";
import { activeKey, dropImportFloor, getResultSetOfImport, importFloor, readActiveSets, undoImports } from "~models/results.server";
import { failCli, readCliArgs } from "./cli";
import { openSyntheticSchool } from "./synthetic-school";

const args = readCliArgs(
  { "data-dir": { type: "string", default: "var/synthetic-db" }, runs: { type: "string", default: "30" } },
  z.object({ "data-dir": z.string(), runs: z.coerce.number().int().min(3).max(1000) })
);

const { db, school } = await openSyntheticSchool(args["data-dir"]);
const admin = await getUserByLogin({ login: "synt-admin" });
if (!admin) {
  await db.close();
  failCli("в базе нет синтетической школы: пересоздайте её (npm run seed:synthetic -- --reset)");
}
const year = (await getCurrentYear(school._id))!;
// A class of the middle school (marks from the 2nd grade on; a fifth grade has the most subjects of its own).
const schoolClass = (await findClasses({ schoolId: school._id, yearId: year._id })).find((c) => c.grade >= 5)!;

/** The journal's export: the class's template with every mark filled in, random marks each time. */
const template = await classTemplate({ schoolId: school._id, schoolClass, dataset: null });
let marksPerFile = 0;
async function journalExport() {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(template.bytes) as unknown as ExcelJS.Buffer);
  const sheet = book.worksheets[0];
  const subjects = sheet.getRow(1).cellCount - 6;
  marksPerFile = 0;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    for (let i = 0; i < subjects; i++) {
      row.getCell(4 + i).value = randomInt(3, 6);
      marksPerFile++;
    }
    row.getCell(4 + subjects).value = 120;
    row.getCell(5 + subjects).value = randomInt(0, 9);
    row.getCell(6 + subjects).value = 0;
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const files = await Promise.all(Array.from({ length: args.runs + 3 }, () => journalExport()));
const request = new Request("http://bench.local/results/import", { headers: { "user-agent": "bench:import" } });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeRuns(run: (bytes: Uint8Array) => Promise<unknown>) {
  const times: number[] = [];
  for (const [i, bytes] of files.entries()) {
    const started = performance.now();
    await run(bytes);
    if (i >= 3) times.push(performance.now() - started); // the first three warm up
  }
  return median(times);
}

const parseMedian = await timeRuns((bytes) => readTable(bytes));
// What was in force before the runs is put back after them, and their imports removed.
const inForceBefore = (await readActiveSets(school._id))[activeKey(schoolClass._id, "1")] ?? null;
const imported: string[] = [];
const importMedian = await timeRuns(async (bytes) => {
  const staged = await stageImport({ request, user: admin, schoolClass, period: "1", fileName: "журнал.xlsx", bytes });
  if (!staged.importId)
    failCli(
      `файл не принят: ${
        staged.problems
          .slice(0, 3)
          .map((p) => p.message)
          .join("; ") || "ничего не изменилось"
      }`
    );
  // The preview page reads what the file changes against the marks in force; «Применить» then checks them again.
  imported.push(staged.importId);
  const preview = await stagedImportPreview(school._id, staged.importId);
  await applyImport(request, admin, school._id, staged.importId, preview!.previewed);
});
// The floor: the same file parsed, then only the round trips the three steps cannot do without (a
// read each, the checked set, the switch, the log's line): no names matched, no marks compared.
const checkedRows = await Promise.all(imported.map(async (importId) => (await getResultSetOfImport({ schoolId: school._id, importId }))!.rows));
let floorRun = 0;
const floorMedian = await timeRuns(async (bytes) => {
  await readTable(bytes);
  await importFloor(checkedRows[floorRun++ % checkedRows.length]);
});
await dropImportFloor();
await undoImports({ schoolId: school._id, classId: schoolClass._id, period: "1", setId: inForceBefore, importIds: imported });
await db.close();

console.log(`класс ${className(schoolClass)}: ${marksPerFile} отметок в файле (${(files[0].length / 1024).toFixed(0)} КБ); прогонов: ${args.runs}`);
console.log(`разбор XLSX (exceljs, readTable), медиана: ${parseMedian.toFixed(1)} мс`);
console.log(`проверка и применение (stageImport + applyImport), медиана: ${importMedian.toFixed(1)} мс`);
console.log(`нижняя граница — разбор, по чтению на шаг и три записи (набор, переключение, строка журнала), медиана: ${floorMedian.toFixed(1)} мс, ${(floorMedian / parseMedian).toFixed(2)} × разбора`);
console.log(`ratio import/parse: ${(importMedian / parseMedian).toFixed(2)} (цель ≤ 2)`);
