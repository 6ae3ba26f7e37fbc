import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import * as files from "../tests/files";
import { AchievementModel } from "~models/achievement.server";
import { EvidenceModel, evidenceBucket } from "~models/evidence.server";
import { collectOrphans, putEvidence } from "./evidence-store.server";
import { inspectUpload } from "./inspect.server";

useTestDatabase();
const owner = { schoolId: new mongoose.Types.ObjectId(), studentId: new mongoose.Types.ObjectId(), uploadedBy: new mongoose.Types.ObjectId() };

describe("no orphans", () => {
  it("removes files an achievement never took, and GridFS files with no record; keeps the rest", async () => {
    const achievementId = new mongoose.Types.ObjectId();
    const [kept] = await putEvidence(owner, [await inspectUpload(await files.png(300, 200), "kept.png")], achievementId);
    await AchievementModel.create({
      _id: achievementId, schoolId: owner.schoolId, studentId: owner.studentId, kind: "award", date: new Date("2025-10-01"), academicYear: "2025/2026",
      details: { reason: "за учёбу", grantedBy: "директор" }, title: "Поощрение", status: "draft", source: "staff", createdBy: owner.uploadedBy, createdByName: "Тест",
      evidence: [{ fileId: kept._id, name: kept.name, type: kept.type, size: kept.size, sha256: kept.sha256 }], chainId: achievementId, version: 1,
    });
    // An upload whose achievement was never written (the process died in between).
    const [orphan] = await putEvidence(owner, [await inspectUpload(await files.png(310, 200), "orphan.png")], new mongoose.Types.ObjectId());
    // A GridFS file with no evidence record at all.
    const stray = new mongoose.Types.ObjectId();
    await pipeline(Readable.from([Buffer.from("stray")]), evidenceBucket().openUploadStreamWithId(stray, "stray.bin"));

    expect(await collectOrphans({ graceMs: 0, dryRun: true })).toEqual({ evidence: 1, gridFsFiles: 1 });
    expect(await EvidenceModel.exists({ _id: orphan._id })).not.toBeNull();
    expect(await collectOrphans({ graceMs: 0 })).toEqual({ evidence: 1, gridFsFiles: 1 });
    expect(await EvidenceModel.exists({ _id: orphan._id })).toBeNull();
    expect(await EvidenceModel.exists({ _id: kept._id })).not.toBeNull();
    const gridIds = (await evidenceBucket().find({}).toArray()).map((f) => String(f._id));
    expect(gridIds).toEqual([String(kept.gridFsId)]);
  });

  it("leaves a fresh upload alone during its grace period", async () => {
    await putEvidence(owner, [await inspectUpload(await files.png(320, 200), "fresh.png")], new mongoose.Types.ObjectId());
    expect((await collectOrphans({ graceMs: 60 * 60_000 })).evidence).toBe(0);
  });
});
