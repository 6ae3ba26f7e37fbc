// A minute of a busy school hour on the demo school (the full hour is `npm run bench:load`): every
// answer right, none a 5xx, no connection dropped.
import type { Types } from "mongoose";
import { expect, it } from "vitest";
import { AcademicYearModel, getCurrentYear } from "~models/academic-year.server";
import { ClassModel } from "~models/class.server";
import { EnrolmentModel } from "~models/student.server";
import { formatReport, rssOf, runLoad, type Cast } from "../scripts/load-mix";
import { demoIds } from "./demo-ids";
import { useDemoServer } from "./setup/demo-server";

const demo = useDemoServer("load");

it("a minute of 16 people from one address: no error", async () => {
  const ids = await demoIds();
  const year = (await getCurrentYear(ids.schoolId))!;
  const closed = await AcademicYearModel.findOne({ schoolId: ids.schoolId, closedAt: { $ne: null } }).lean<{ name: string }>();
  const classIds = (await ClassModel.find({ schoolId: ids.schoolId, yearId: year._id }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((c) => String(c._id));
  const class5a = (await EnrolmentModel.find({ classId: ids.class5a }, { studentId: 1 }).lean<{ studentId: Types.ObjectId }[]>()).map((e) => String(e.studentId));
  const cast: Cast = {
    password: "demo-2026",
    parents: [
      { login: "parent", children: [String(ids.childA)] },
      { login: "parent2", children: [String(ids.childB)] },
    ],
    teachers: [{ login: "teacher", students: class5a }],
    classTeachers: [{ login: "klass5a", classId: String(ids.class5a) }],
    admins: ["admin"],
    archivist: "archivist",
    closedYear: closed?.name ?? null,
    currentYear: year.name,
    classIds,
    studentIds: class5a,
  };
  const report = await runLoad({ base: demo.server.url, cast, people: 16, durationMs: 60_000, serverRss: rssOf(demo.server.child.pid!), seed: 5 });
  console.log(formatReport(report).join("\n"));
  expect(report.errors).toEqual([]);
  expect(report.requests).toBeGreaterThan(200);
  // Every kind of work of the hour was done at least once.
  const labels = report.pages.map((p) => p.label);
  for (const label of ["record (family)", "extract request", "achievement with a 3 MB photo", "verification queue", "marks grid", "class summary", "portfolio PDF", "archive export started"]) {
    expect(labels, label).toContain(label);
  }
}, 240_000);
