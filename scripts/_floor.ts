import path from "node:path";
import { startBenchServer } from "./bench-server";
import { startEngine, withDatabase } from "./embedded-engine";
import { connectDatabase, disconnectDatabase } from "~models/db.server";
import { findSchoolByName } from "~models/school.server";
import { listStudentIds } from "~models/student.server";
const engine = await startEngine(path.resolve("var/synthetic-db"));
const uri = withDatabase(engine.uri, "registry");
await connectDatabase(uri, "embedded");
const school = (await findSchoolByName({ name: /Синтетическая/ }))!;
const ids = (await listStudentIds({ schoolId: school._id })).map(String);
const server = await startBenchServer(uri);
const base = server.base;
const login = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams({ login: "synt-admin", password: "synthetic-2026" }), redirect: "manual", headers: { Origin: base } });
const cookie = login.headers.get("set-cookie")!.split(";")[0];
async function load(url: (i: number) => string, withCookie = true) {
  const lat: number[] = []; let next = 0; let bytes = 0;
  const client = async () => { while (next < 400) { const i = next++; const t = performance.now(); const r = await fetch(base + url(i), { headers: withCookie ? { Cookie: cookie } : {} }); bytes = (await r.arrayBuffer()).byteLength; if (r.status !== 200) throw new Error(url(i) + r.status); lat.push(performance.now() - t); } };
  await Promise.all(Array.from({ length: 20 }, client));
  lat.sort((a, b) => a - b); return `${lat[380].toFixed(1)} ms (${(bytes/1024).toFixed(0)} KB)`;
}
await load(() => "/login?warm", false);
for (let round = 0; round < 2; round++) {
  console.log("healthz", await load(() => "/healthz"));
  console.log("login (anon)", await load(() => "/login", false));
  console.log("password", await load(() => "/password"));
  console.log("record", await load((i) => `/students/${ids[(i * 7919) % ids.length]}`));
}
await server.stop(); await disconnectDatabase(); await engine.stop(); process.exit(0);
