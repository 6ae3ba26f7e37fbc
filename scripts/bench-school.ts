// On the synthetic school (made first when missing): `npm run bench:school -- [--data-dir D]`.
// 1. The whole school's trajectories and risk list, against one raw cursor scan of every mark.
// 2. A student's record page p95 with 20 concurrent clients, against a bare page's p95; and, for
//    scale, a page after sign-in with almost no data of its own.
// Prints the figures; the last two lines are the ratios.
import path from "node:path";
import { z } from "zod";
import { riskList } from "~/results/risk.server";
import { getCurrentYear } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { countStoredMarks } from "~models/results.server";
import { findSchoolByName } from "~models/school.server";
import { countStudentRecords, listStudentIds } from "~models/student.server";
import { startBenchServer } from "./bench-server";
import { failCli, readCliArgs } from "./cli";
import { ensureSyntheticSchool } from "./synthetic-school";
import { connectDatabase, disconnectDatabase } from "~models/db.server";
import { startEngine, withDatabase } from "./embedded-engine";

const args = readCliArgs(
  { "data-dir": { type: "string", default: "var/synthetic-db" }, requests: { type: "string", default: "400" }, clients: { type: "string", default: "20" } },
  z.object({ "data-dir": z.string(), requests: z.coerce.number().int().min(40).max(20_000), clients: z.coerce.number().int().min(1).max(200) })
);

ensureSyntheticSchool(args["data-dir"]);
const engine = process.env.MONGODB_URI ? null : await startEngine(path.resolve(args["data-dir"]));
const uri = process.env.MONGODB_URI ?? withDatabase(engine!.uri, "registry");
await connectDatabase(uri, engine ? "embedded" : "external");
const school = await findSchoolByName({ name: /Синтетическая/ });
if (!school) {
  await engine?.stop();
  failCli("в базе нет синтетической школы: сначала npm run seed:synthetic");
}
const schoolId = school._id;
const year = (await getCurrentYear(schoolId))!;
const classes = await findClasses({ schoolId, yearId: year._id });
const students = await countStudentRecords({ schoolId });

const seconds = async (run: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
};

// 1. Whole school.
const scan = await seconds(() => countStoredMarks({ schoolId }));
const whole = await seconds(() => riskList(schoolId, year._id, classes));
console.log(`Школа: ${students} обучающихся, ${classes.length} классов, отметок за период: ${scan.value}`);
console.log(`сырой проход по всем отметкам: ${scan.ms.toFixed(0)} мс`);
console.log(`динамика и группа риска всей школы: ${whole.ms.toFixed(0)} мс (в группе риска: ${(whole.value as unknown[]).length}; бюджет 3000 мс)`);

// 2. The record page under load, on a server of its own connected to the same engine.
const server = await startBenchServer(uri);
const base = server.base;
const login = await fetch(`${base}/login`, {
  method: "POST",
  body: new URLSearchParams({ login: "synt-admin", password: "synthetic-2026" }),
  redirect: "manual",
  headers: { Origin: base },
});
const cookie = login.headers.get("set-cookie")!.split(";")[0];
const ids = (await listStudentIds({ schoolId })).map(String);

async function load(url: (i: number) => string) {
  const latencies: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < args.requests) {
      const i = next++;
      const started = performance.now();
      const response = await fetch(base + url(i), { headers: { Cookie: cookie } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url(i)}: ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: args.clients }, client));
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length * 0.95)];
}
await load(() => "/login?warm"); // warm-up
const bare = await load(() => "/healthz");
// The floor of any page after sign-in: the password form reads only the person's own sessions (one
// here) besides the session, the header and the page's frame, as every page does.
const blank = await load(() => "/password");
const record = await load((i) => `/students/${ids[(i * 7919) % ids.length]}`);
// Signed out, so the next run's password page lists one session, not every run's.
await fetch(`${base}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: base }, redirect: "manual" });
await server.stop();
await disconnectDatabase();
await engine?.stop();
console.log(`голый маршрут (/healthz), p95 при ${args.clients} клиентах: ${bare.toFixed(1)} мс`);
console.log(`страница после входа почти без своих данных (/password), p95 при ${args.clients} клиентах: ${blank.toFixed(1)} мс, ${(blank / bare).toFixed(2)} × /healthz`);
console.log(`страница личного дела, p95 при ${args.clients} клиентах: ${record.toFixed(1)} мс (бюджет 50 мс)`);
console.log(`ratio whole-school/raw-scan: ${(whole.ms / scan.ms).toFixed(2)}`);
console.log(`ratio record-page/bare-route p95: ${(record / bare).toFixed(2)}`);
