// Restores a yearly archive: `npm run archive:restore -- F [--merge] [--data-dir D]`.
// The archive is verified whole first; a bad one writes nothing. Into an empty database only,
// unless --merge: then only what is absent is added and nothing there is changed. Accounts come
// back without passwords and switched off; set them with `npm run user:create` or on the users page.
import fs from "node:fs";
import { z } from "zod";
import { restoreArchive } from "~/archive/restore.server";
import { Refusal } from "~/http/refusals";
import { appendAudit } from "~models/audit.server";
import { getAnySchoolId } from "~models/school.server";
import { failCli, openCliDatabase, readCliArgs } from "./cli";

const args = readCliArgs(
  { merge: { type: "boolean", default: false }, "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" } },
  z.object({ merge: z.boolean(), "data-dir": z.string(), files: z.array(z.string()).length(1, "укажите один файл архива: npm run archive:restore -- F") }),
  true,
);
const file = args.files[0];
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) failCli(`файла ${file} нет.`);

const db = await openCliDatabase(args["data-dir"]);
try {
  const result = await restoreArchive(file, { merge: args.merge, onProgress: (stage) => console.log(`[восстановление] ${stage}`) });
  const line = (counts: Record<string, number>) => Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "ничего";
  const schoolId = await getAnySchoolId();
  await appendAudit({ schoolId, action: "create", entity: "archive", entityId: result.schoolYear, userName: "командная строка", summary: `Восстановлен архив ${result.schoolYear} из ${file}${args.merge ? " (только недостающее)" : ""}` });
  console.log(`Восстановлен учебный год ${result.schoolYear} (${db.kind}).`);
  console.log(`Добавлено: ${line(result.added)}.`);
  if (Object.values(result.kept).some((n) => n > 0)) console.log(`Уже были и не изменены: ${line(result.kept)}.`);
  console.log("Учётные записи восстановлены выключенными и без паролей: задайте пароль администратору (npm run user:create) и включите нужных сотрудников.");
} catch (error) {
  await db.close();
  if (error instanceof Refusal) failCli(error.message);
  failCli(`восстановление прервано: ${(error as Error).message}. Записанное остаётся; повторите с --merge, чтобы дописать остальное.`);
}
await db.close();
