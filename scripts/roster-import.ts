// The contingent import from the command line, the twin of the «Контингент» page:
//   npm run roster:import -- FILE [--apply] [--date ДД.ММ.ГГГГ|ГГГГ-ММ-ДД] [--departures-on ДАТА [--departures-to ТЕКСТ]] [--school S]
// Prints the same preview; with --apply writes the arrivals, moves and detail changes (on --date,
// today by default). Departures are written only when confirmed with --departures-on (all those
// listed, that day). Namesakes are the admin's to answer on the page: while a file has any, --apply refuses.
import fs from "node:fs";
import { z } from "zod";
import { formatDate, parseDay, todayIso } from "~/domain/format";
import { Refusal } from "~/http/refusals";
import { applyAnswered, checkRosterFile, describeApplied, describePlan } from "~/roster/import.server";
import { describeCandidate, planIsEmpty } from "~/roster/preview";
import { appendAudit } from "~models/audit.server";
import { flushToDisk } from "~models/db.server";
import { countStudentRecords } from "~models/student.server";
import { ROSTER_CHANGES } from "~models/vocabulary/roster";
import { failCli, openCliDatabase, readCliArgs } from "./cli";
import { chooseSchool } from "./cli-school";

const day = (what: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const parsed = parseDay(value);
      if (!parsed) ctx.addIssue({ code: "custom", message: `${what}: «${value}» — нет такой даты` });
      return parsed?.toISOString().slice(0, 10);
    });

const args = readCliArgs(
  {
    apply: { type: "boolean", default: false },
    date: { type: "string" },
    "departures-on": { type: "string" },
    "departures-to": { type: "string", default: "" },
    school: { type: "string" },
    "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" },
  },
  z.object({
    apply: z.boolean(),
    date: day("--date"),
    "departures-on": day("--departures-on"),
    "departures-to": z.string().max(200, "--departures-to: не длиннее 200 символов"),
    school: z.string().optional(),
    "data-dir": z.string(),
    files: z.array(z.string()).length(1, "укажите один файл: npm run roster:import -- ФАЙЛ [--apply]"),
  }),
  true,
);
const file = args.files[0];
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) failCli(`файла ${file} нет.`);

const db = await openCliDatabase(args["data-dir"]);
try {
  const school = await chooseSchool(args.school, db.close);
  const firstLoad = (await countStudentRecords({ schoolId: school._id })) === 0;
  const { year, problems, plan } = await checkRosterFile({ schoolId: school._id, bytes: new Uint8Array(fs.readFileSync(file)) });
  console.log(`${school.name}, учебный год ${year.name}: ${file}`);
  if (!plan) {
    console.log(`Найдено ошибок: ${problems.length}; ничего не изменено.`);
    for (const p of problems) console.log(`  строка ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.message}`);
    await db.close();
    process.exit(1);
  }
  console.log(`Что изменится: ${describePlan(plan)}.`);
  for (const a of plan.arrivals) console.log(`  ${ROSTER_CHANGES.arrival}: строка ${a.row}, ${a.data.lastName} ${a.data.firstName} ${a.data.middleName}`.trimEnd() + ` → ${a.data.className}${a.returning ? " (возвращается)" : ""}`);
  for (const m of plan.moves) console.log(`  ${ROSTER_CHANGES.move}: строка ${m.row}, ${m.name}: ${m.fromClass} → ${m.data.className}`);
  for (const u of plan.updates) console.log(`  ${ROSTER_CHANGES.update}: строка ${u.row}, ${u.name}: ${u.fields.join(", ")}`);
  for (const d of plan.departures) console.log(`  ${ROSTER_CHANGES.departure}: ${d.name}, ${d.className}`);
  for (const n of plan.namesakes) console.log(`  тёзка: строка ${n.row}, ${n.data.lastName} ${n.data.firstName}, ${formatDate(n.data.birthDate)} — уже есть ${n.candidates.map(describeCandidate).join("; ")}`);
  if (planIsEmpty(plan)) console.log("Файл совпадает с реестром: применять нечего.");
  else if (!args.apply) console.log("Это проверка: чтобы записать изменения, запустите то же с --apply.");
  else {
    if (plan.namesakes.length) failCli("в файле есть тёзки уже записанных учеников: решите о них на странице «Контингент»; ничего не изменено.");
    const departuresOn = args["departures-on"];
    if (plan.departures.length && !departuresOn) console.log("Выбывающие не подтверждены (--departures-on ДАТА): они остаются в своих классах.");
    const applied = await applyAnswered({
      schoolId: school._id,
      year,
      plan,
      answers: {
        // A school's first load: its students were there all year, so the changes count from its start.
        on: args.date ?? (firstLoad ? year.startDate.toISOString().slice(0, 10) : todayIso()),
        namesakes: new Map(),
        departures: departuresOn ? plan.departures.map((d) => ({ studentId: d.studentId, on: departuresOn, to: args["departures-to"] })) : [],
      },
    });
    await appendAudit({ schoolId: school._id, action: "update", entity: "roster", entityId: file, userName: "командная строка", summary: describeApplied(applied) });
    await flushToDisk();
    console.log(describeApplied(applied));
  }
} catch (error) {
  await db.close();
  failCli(error instanceof Refusal ? error.message : (error as Error).message);
}
await db.close();
