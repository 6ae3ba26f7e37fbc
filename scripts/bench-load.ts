// The busiest hour on the synthetic school: `npm run bench:load -- [--people 60] [--minutes 10]`.
// Seeds the synthetic school first when it is missing, gives it a cast (families of forty students,
// ten class teachers, the administration, an archivist), starts the server on it and runs the mix
// of scripts/load-mix.ts from one address. Prints each page's p50/p95/p99, the requests, the
// errors and the server's memory; the last line is `errors N, record p95 X ms, rss growth R`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Types } from "mongoose";
import { z } from "zod";
import { getCurrentYear, listYears } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { connectDatabase, disconnectDatabase } from "~models/db.server";
import { findSchoolByName } from "~models/school.server";
import { listStudentIdsOfClass, listStudentIds, setRepresentative } from "~models/student.server";
import { ensureUser, getUserInSchool, hashPassword } from "~models/user.server";
import { startBenchServer } from "./bench-server";
import { readCliArgs } from "./cli";
import { startEngine, withDatabase } from "./embedded-engine";
import { projectRoot } from "./glibc.mjs";
import { formatReport, rssOf, runLoad, type Cast } from "./load-mix";

const args = readCliArgs(
  {
    "data-dir": { type: "string", default: "var/synthetic-db" },
    people: { type: "string", default: "60" },
    minutes: { type: "string", default: "10" },
    students: { type: "string", default: "1000" },
  },
  z.object({
    "data-dir": z.string(),
    people: z.coerce.number({ error: "--people: нужно число" }).int().min(5, "не меньше 5").max(500, "не больше 500"),
    minutes: z.coerce.number({ error: "--minutes: нужно число" }).min(0.5, "не меньше 0,5").max(120, "не больше 120"),
    students: z.coerce.number().int().min(100).max(100_000),
  }),
);
const PASSWORD = "synthetic-2026";
const dataDir = path.resolve(args["data-dir"]);

const hasSyntheticSchool = async (uri: string) => {
  await connectDatabase(uri, "embedded");
  const found = await findSchoolByName({ name: /Синтетическая/ });
  await disconnectDatabase();
  return found !== null;
};

let engine = process.env.MONGODB_URI ? null : await startEngine(dataDir);
let uri = process.env.MONGODB_URI ?? withDatabase(engine!.uri, "registry");
if (!(await hasSyntheticSchool(uri))) {
  console.log(`Синтетической школы нет: создаю (${args.students} обучающихся, несколько минут)…`);
  await engine?.stop();
  const seeded = spawnSync(process.execPath, ["--import", "tsx", "scripts/seed-synthetic.ts", "--students", String(args.students), "--data-dir", dataDir], { cwd: projectRoot, stdio: "inherit" });
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
  engine = process.env.MONGODB_URI ? null : await startEngine(dataDir);
  uri = process.env.MONGODB_URI ?? withDatabase(engine!.uri, "registry");
}
await connectDatabase(uri, engine ? "embedded" : "external");

/** The people of the hour: made once in the synthetic school, found again on later runs. */
async function castOf(): Promise<Cast> {
  const school = (await findSchoolByName({ name: /Синтетическая/ }))!;
  const schoolId = school._id;
  const year = (await getCurrentYear(schoolId))!;
  // The newest closed year (the years come newest first).
  const closed = (await listYears(schoolId)).find((y) => y.closedAt);
  const classes = await findClasses({ schoolId, yearId: year._id });
  const passwordHash = await hashPassword(PASSWORD);
  const studentsOf = async (classId: Types.ObjectId) => (await listStudentIdsOfClass({ schoolId, classId })).map(String);
  // Class teachers of ten classes from grade 2 up (grade 1 gets no marks): they also teach there.
  const led = classes.filter((c) => c.grade >= 2).slice(0, 10);
  const classTeachers: Cast["classTeachers"] = [];
  const teachers: Cast["teachers"] = [];
  for (const c of led) {
    const teacher = (await getUserInSchool(schoolId, String(c.classTeacherId)))!;
    classTeachers.push({ login: teacher.login, classId: String(c._id) });
    teachers.push({ login: teacher.login, students: await studentsOf(c._id) });
  }
  // Families of four students in each of those classes.
  const parents: Cast["parents"] = [];
  for (const [i, c] of led.entries()) {
    for (const [j, studentId] of (await studentsOf(c._id)).slice(0, 4).entries()) {
      const login = `load-parent-${i + 1}-${j + 1}`;
      const parent = await ensureUser({ schoolId, login, user: { passwordHash, roles: ["parent"], lastName: "Родитель", firstName: "Нагрузочный" } });
      await setRepresentative({ schoolId, studentId, parentId: parent._id, represents: true });
      parents.push({ login, children: [studentId] });
    }
  }
  await ensureUser({ schoolId, login: "load-archivist", user: { passwordHash, roles: ["archivist"], lastName: "Архивариус", firstName: "Нагрузочный" } });
  const studentIds = (await listStudentIds({ schoolId, limit: 2000 })).map(String);
  return {
    password: PASSWORD, parents, teachers, classTeachers, admins: ["synt-admin"], archivist: "load-archivist",
    closedYear: closed?.name ?? null, currentYear: year.name, classIds: led.map((c) => String(c._id)), studentIds,
  };
}

const cast = await castOf();
const server = await startBenchServer(uri);

console.log(`${args.people} человек, ${args.minutes} мин, с одного адреса; школа: ${cast.studentIds.length} обучающихся`);
const report = await runLoad({
  base: server.base,
  cast,
  people: args.people,
  durationMs: args.minutes * 60_000,
  serverRss: rssOf(server.pid),
  seed: 1,
  onProgress: (line) => console.log(line),
});
await server.stop();
await disconnectDatabase();
await engine?.stop();
for (const line of formatReport(report)) console.log(line);
process.exit(report.errors.length ? 1 : 0);
