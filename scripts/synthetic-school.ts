// The benchmarks' school: made by seed:synthetic in the data folder the first time a benchmark
// needs it, so each benchmark runs from a fresh clone with its one command.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { findSchoolByName } from "~models/school.server";
import { failCli, openCliDatabase } from "./cli";
import { projectRoot } from "./glibc.mjs";

export function ensureSyntheticSchool(dataDir: string, students = 1000) {
  // A school's own database (MONGODB_URI) is never seeded by a benchmark.
  if (process.env.MONGODB_URI || fs.existsSync(path.join(path.resolve(dataDir), "WiredTiger"))) return;
  console.log(`Синтетической школы нет: создаю её на ${students} обучающихся в ${dataDir} (несколько минут)…`);
  const seeded = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/seed-synthetic.ts", "--students", String(students), "--data-dir", path.resolve(dataDir)],
    {
      cwd: projectRoot,
      stdio: "inherit",
    }
  );
  if (seeded.status !== 0) failCli("seed:synthetic не удался");
}

/** The synthetic school (made first when missing) and the database it is in. */
export async function openSyntheticSchool(dataDir: string) {
  ensureSyntheticSchool(dataDir);
  const db = await openCliDatabase(dataDir);
  const school = await findSchoolByName({ name: /Синтетическая/ });
  if (!school) {
    await db.close();
    failCli("в базе нет синтетической школы: пересоздайте её (npm run seed:synthetic -- --reset)");
  }
  return { db, school };
}
