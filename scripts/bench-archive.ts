// The yearly archive on the synthetic school: `npm run bench:archive -- [--data-dir D] [--scale 4]`.
// 1. The archive of the last closed year (records, documents, registers) by `archive:export`, in a
//    process of its own, against what the README offers as a backup today: `tar czf` of the whole
//    data folder (the engine stopped).
// 2. The export's peak memory for the school at 1× and at `scale`× the students (the bigger school
//    is made by seed:synthetic in a folder of its own the first time; that takes a while).
// Prints the figures; the last line's last number is the time ratio (archive ÷ tar czf).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { schoolYearName, schoolYearStart } from "~/domain/school-year";
import { failCli, readCliArgs } from "./cli";
import { ensureSyntheticSchool } from "./synthetic-school";
import { projectRoot } from "./glibc.mjs";

const args = readCliArgs(
  {
    "data-dir": { type: "string", default: "var/synthetic-db" },
    scale: { type: "string", default: "4" },
    students: { type: "string", default: "1000" },
  },
  z.object({ "data-dir": z.string(), scale: z.coerce.number().int().min(2).max(10), students: z.coerce.number().int().min(100).max(20_000) })
);
if (process.env.MONGODB_URI) failCli("бенчмарк сравнивает с копией папки встроенной СУБД: запустите его без MONGODB_URI.");

const year = schoolYearName(schoolYearStart(new Date()) - 1);
const tsx = (script: string, scriptArgs: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", script), ...scriptArgs], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, MONGODB_URI: "" },
  });

/** As the school runs it: `npm run archive:export` (with its fixed heap, see package.json). */
function exportOnce(dataDir: string) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-archive-")), "year.zip");
  const run = spawnSync("npm", ["run", "--silent", "archive:export", "--", "--year", year, "--out", out, "--data-dir", dataDir], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, MONGODB_URI: "" },
  });
  if (run.status !== 0) failCli(`archive:export не удался:\n${run.stdout}\n${run.stderr}`);
  const seconds = Number(/Время: ([\d.]+) с/.exec(run.stdout)?.[1]);
  const peakMb = Number(/пиковая память: ([\d.]+) МБ/.exec(run.stdout)?.[1]);
  const size = fs.statSync(out).size;
  const verified = tsx("archive-verify.ts", [out]);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  if (verified.status !== 0) failCli(`архив не прошёл проверку:\n${verified.stdout}\n${verified.stderr}`);
  return { seconds, peakMb, size };
}

/** The anchor: the whole data folder as one gzipped tar, as a school would back it up by hand. */
function tarBackup(dataDir: string) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "bench-raw-"));
  const started = performance.now();
  execFileSync("tar", ["czf", path.join(target, "data.tgz"), "-C", path.dirname(dataDir), path.basename(dataDir)]);
  const seconds = (performance.now() - started) / 1000;
  const bytes = Number(execFileSync("du", ["-sb", dataDir], { encoding: "utf8" }).split("\t")[0]);
  fs.rmSync(target, { recursive: true, force: true });
  return { seconds, bytes };
}

const small = path.resolve(args["data-dir"]);
const big = `${small}-x${args.scale}`;
ensureSyntheticSchool(small, args.students);
ensureSyntheticSchool(big, args.students * args.scale);

const raw = tarBackup(small);
const one = exportOnce(small);
const many = exportOnce(big);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} МБ`;
console.log(`Учебный год ${year}.`);
console.log(`tar czf папки данных (${mb(raw.bytes)}): ${raw.seconds.toFixed(1)} с`);
console.log(`Архив года, ${args.students} обучающихся: ${one.seconds.toFixed(1)} с, ${mb(one.size)}`);
console.log(`Архив года, ${args.students * args.scale} обучающихся: ${many.seconds.toFixed(1)} с, ${mb(many.size)}`);
console.log(
  `Пиковая память архива, ${args.scale}× ÷ 1×: ${many.peakMb.toFixed(1)} / ${one.peakMb.toFixed(1)} МБ = ${(many.peakMb / one.peakMb).toFixed(2)} (цель ≤ 1,15)`
);
console.log(`Архив года ÷ tar czf: ${one.seconds.toFixed(1)} с / ${raw.seconds.toFixed(1)} с, ratio ${(one.seconds / raw.seconds).toFixed(2)} (цель ≤ 3)`);
