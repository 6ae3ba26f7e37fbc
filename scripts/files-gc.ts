// Removes confirming documents nothing refers to (an upload cut off before its achievement was
// written): `npm run files:gc -- [--older-than-minutes 60] [--dry-run]`.
import { z } from "zod";
import { collectOrphans } from "~storage/evidence-store.server";
import { openCliDatabase, readCliArgs } from "./cli";

const args = readCliArgs(
  {
    "older-than-minutes": { type: "string", default: "60" },
    "dry-run": { type: "boolean", default: false },
    "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" },
  },
  z.object({
    "older-than-minutes": z.coerce.number({ error: "нужно число минут" }).int("нужно целое число минут").min(0, "не меньше 0"),
    "dry-run": z.boolean(),
    "data-dir": z.string(),
  }),
);

const db = await openCliDatabase(args["data-dir"]);
const result = await collectOrphans({ graceMs: args["older-than-minutes"] * 60_000, dryRun: args["dry-run"] });
console.log(`${args["dry-run"] ? "Найдено" : "Удалено"}: документов без достижения — ${result.evidence}, файлов GridFS без записи — ${result.gridFsFiles}.`);
await db.close();
