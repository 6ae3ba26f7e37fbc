// Checks a yearly archive: `npm run archive:verify -- F`. Every entry's SHA-256, the manifest and
// its version; each problem on a line of its own, naming the entry. Exit 1 when anything is wrong.
// Needs no database.
import fs from "node:fs";
import { z } from "zod";
import { verifyArchive } from "~/archive/verify.server";
import { failCli, readCliArgs } from "./cli";

const args = readCliArgs({}, z.object({ files: z.array(z.string()).length(1, "укажите один файл архива: npm run archive:verify -- F") }), true);
const file = args.files[0];
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) failCli(`файла ${file} нет.`);

let shown = 0;
const result = await verifyArchive(file, (checked, total) => {
  if (Date.now() - shown < 1000) return;
  shown = Date.now();
  console.log(`[проверка] ${checked} из ${total}`);
});
const m = result.manifest;
if (m) {
  console.log(`Архив: ${m.school.name}, учебный год ${m.schoolYear}; формат ${m.format}, версия ${m.version}; выгружен ${m.exportedAt} (${m.exportedBy}).`);
  console.log(`Файлов в манифесте: ${m.entries.length}; записей: ${Object.values(m.collections).reduce((a, b) => a + b, 0)}; сводная сумма ${m.digest}.`);
}
if (result.ok) {
  console.log(`Архив цел: все ${result.checked} контрольных сумм SHA-256 совпадают.`);
} else {
  for (const problem of result.problems) console.error(`Ошибка: ${problem}`);
  console.error(`Архив не прошёл проверку: ${result.problems.length} ${result.problems.length === 1 ? "ошибка" : "ошибок"}.`);
  process.exit(1);
}
