// The yearly archive from the command line:
//   npm run archive:export -- --year 2025/2026 --out F [--school S] [--data-dir D]
// The ZIP is written as F.part and renamed to F only when complete, so a cut-off run leaves no
// file that looks whole; F.sha256 beside it holds the SHA-256 of the whole file.
// `npm run archive:export` gives the process a fixed heap (package.json): the export streams and
// never needs more, while without a ceiling V8 lets garbage pile up in proportion to the machine.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { exportSummary, writeYearArchive } from "~/archive/export.server";
import { Refusal } from "~/http/refusals";
import { appendAudit } from "~models/audit.server";
import { chooseSchool, megabytes, peakMemory } from "./cli-school";
import { failCli, openCliDatabase, readCliArgs } from "./cli";

const args = readCliArgs(
  {
    year: { type: "string" },
    out: { type: "string" },
    school: { type: "string" },
    "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" },
  },
  z.object({
    year: z.string({ error: "укажите учебный год: --year 2025/2026" }).regex(/^\d{4}\/\d{4}$/, "учебный год пишется так: 2025/2026"),
    out: z.string({ error: "укажите файл архива: --out F" }).min(1),
    school: z.string().optional(),
    "data-dir": z.string(),
  }),
);

const out = path.resolve(args.out);
if (fs.existsSync(out)) failCli(`файл ${out} уже есть: архив не перезаписывается, укажите другое имя.`);
if (!fs.existsSync(path.dirname(out))) failCli(`папки ${path.dirname(out)} нет.`);
const partial = `${out}.part`;

const db = await openCliDatabase(args["data-dir"]);
const school = await chooseSchool(args.school, db.close);
let sink: fs.WriteStream;
try {
  sink = fs.createWriteStream(partial, { flags: "wx" });
  await new Promise((resolve, reject) => sink.once("open", resolve).once("error", reject));
} catch {
  await db.close();
  failCli(`не удалось создать ${partial}: он уже есть (другая выгрузка?) или папка закрыта для записи.`);
}
const removePartial = () => fs.rmSync(partial, { force: true });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    removePartial();
    process.exit(130);
  });
}

let lastLine = 0;
try {
  const started = performance.now();
  const result = await writeYearArchive({
    schoolId: school._id,
    schoolYear: args.year,
    exportedBy: "командная строка (npm run archive:export)",
    sink,
    onProgress(p) {
      if (Date.now() - lastLine < 1000 && p.stage !== "готово") return;
      lastLine = Date.now();
      console.log(`[архив] ${p.total ? Math.floor((p.done * 100) / p.total) : 0}% — ${p.stage}`);
    },
  });
  const fd = fs.openSync(partial, "r");
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(partial, out);
  fs.writeFileSync(`${out}.sha256`, `${result.sha256}  ${path.basename(out)}\n`);
  await appendAudit({ schoolId: school._id, action: "export", entity: "archive", entityId: args.year, userName: "командная строка", summary: exportSummary({ ...result, sha256: result.sha256! }) });
  console.log(`Готово: ${out}`);
  console.log(`Учебный год ${args.year}, ${school.name}: файлов в архиве ${result.manifest.entries.length + 1}, ${megabytes(result.size)}.`);
  console.log(`SHA-256 архива: ${result.sha256} (записан в ${path.basename(out)}.sha256)`);
  console.log(`Время: ${((performance.now() - started) / 1000).toFixed(1)} с; пиковая память: ${megabytes(peakMemory())}`);
} catch (error) {
  removePartial();
  await db.close();
  if (error instanceof Refusal) failCli(error.message);
  failCli(`выгрузка прервана: ${(error as Error).message}`);
}
await db.close();
