// Writing confirming documents so that nothing is ever half there: files go to GridFS first,
// naming the achievement they are for (its id is made before it is written); then the
// achievement is written in one insert. A file counts only while an achievement lists it: if
// the insert fails the files are removed at once, and if the process dies in between,
// `collectOrphans` (npm run files:gc) removes them later.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose, { type Types } from "mongoose";
import { EvidenceModel, evidenceBucket, type Evidence } from "~models/evidence.server";
import type { InspectedFile } from "./inspect.server";

export async function putEvidence(
  owner: { schoolId: Types.ObjectId; studentId: Types.ObjectId; uploadedBy: Types.ObjectId },
  files: InspectedFile[],
  attachedTo: Types.ObjectId,
): Promise<Evidence[]> {
  const written: Evidence[] = [];
  try {
    for (const file of files) {
      const gridFsId = new mongoose.Types.ObjectId();
      const upload = evidenceBucket().openUploadStreamWithId(gridFsId, file.name, {
        metadata: { schoolId: owner.schoolId, studentId: owner.studentId, type: file.type, sha256: file.sha256 },
      });
      await pipeline(Readable.from([file.bytes]), upload);
      const doc = await EvidenceModel.create({
        ...owner,
        gridFsId,
        name: file.name,
        type: file.type,
        size: file.bytes.length,
        sha256: file.sha256,
        originalSha256: file.originalSha256,
        width: file.width,
        height: file.height,
        pages: file.pages,
        thumbnail: file.thumbnail,
        attachedTo,
      });
      written.push(doc.toObject() as Evidence);
    }
  } catch (error) {
    await removeEvidence(written);
    throw error;
  }
  return written;
}

export async function removeEvidence(files: Pick<Evidence, "_id" | "gridFsId">[]) {
  for (const file of files) {
    await evidenceBucket().delete(file.gridFsId).catch(() => undefined);
    await EvidenceModel.deleteOne({ _id: file._id });
  }
}

export function openEvidenceStream(gridFsId: Types.ObjectId) {
  return evidenceBucket().openDownloadStream(gridFsId);
}

/**
 * Files nothing refers to: evidence never attached and older than `graceMs` (an upload cut off
 * before its achievement or credit application was written), and GridFS files with no evidence record at all.
 */
export async function collectOrphans(options: { graceMs?: number; dryRun?: boolean } = {}) {
  const graceMs = options.graceMs ?? 60 * 60_000;
  const { AchievementModel } = await import("~models/achievement.server");
  const cutoff = new Date(Date.now() - graceMs);
  const candidates = await EvidenceModel.find({ uploadedAt: { $lt: cutoff } }, { _id: 1, gridFsId: 1, attachedTo: 1, name: 1 }).lean<Evidence[]>();
  const { CreditApplicationModel } = await import("~models/credit.server");
  // Achievements and credit applications both list confirming documents.
  const ids = { "evidence.fileId": { $in: candidates.map((c) => c._id) } };
  const referenced = new Set(
    [...(await AchievementModel.distinct("evidence.fileId", ids)), ...(await CreditApplicationModel.distinct("evidence.fileId", ids))].map(String),
  );
  const unreferenced = candidates.filter((c) => !referenced.has(String(c._id)));
  const known = new Set((await EvidenceModel.distinct("gridFsId")).map(String));
  const strayGridFs: Types.ObjectId[] = [];
  for await (const file of evidenceBucket().find({ uploadDate: { $lt: cutoff } }, { projection: { _id: 1 } })) {
    if (!known.has(String(file._id))) strayGridFs.push(file._id as Types.ObjectId);
  }
  if (!options.dryRun) {
    await removeEvidence(unreferenced);
    for (const id of strayGridFs) await evidenceBucket().delete(id).catch(() => undefined);
  }
  return { evidence: unreferenced.length, gridFsFiles: strayGridFs.length };
}
