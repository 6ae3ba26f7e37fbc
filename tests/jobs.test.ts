// A long job whose process died goes on by itself: any running server's watcher takes it over
// once its lease has run out, without anyone opening a page.
import type { Types } from "mongoose";
import { expect, it } from "vitest";
import { AcademicYearModel } from "~models/academic-year.server";
import { ArchiveExportModel } from "~models/archive.server";
import { UserModel } from "~models/user.server";
import { useDemoServer } from "./setup/demo-server";
import { waitFor } from "./setup/wait";

// A short lease, so that the watcher looks every 2.5 seconds.
useDemoServer("jobs", { env: { JOB_LEASE_SECONDS: "5" } });

it("an export left by a dead process is finished by the running server, with no page opened", async () => {
  const admin = (await UserModel.findOne({ login: "archivist" }).lean<{ _id: Types.ObjectId; schoolId: Types.ObjectId }>())!;
  const closed = (await AcademicYearModel.findOne({ schoolId: admin.schoolId, closedAt: { $ne: null } }).lean<{ name: string }>())!;
  // What a process killed in the middle of an export leaves: a running job, its lease run out.
  const job = await ArchiveExportModel.create({
    schoolId: admin.schoolId, schoolYear: closed.name, state: "running", stage: "документы", done: 40, total: 385,
    startedAt: new Date(), startedBy: admin._id, startedByName: "Архивариус (archivist)", leaseUntil: new Date(Date.now() - 1000), attempts: 1,
  });
  const finished = await waitFor(() => ArchiveExportModel.findById(job._id).lean<{ state: string; attempts: number; sha256: string }>(), (j) => j?.state !== "running", 90_000);
  expect(finished!.state).toBe("done");
  expect(finished!.attempts).toBe(2);
  expect(finished!.sha256).toMatch(/^[0-9a-f]{64}$/);
}, 120_000);
