import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { KIND_CODES } from "~models/vocabulary/achievement-kinds";

export const ACHIEVEMENT_STATUSES = ["draft", "submitted", "verified", "rejected"] as const;
export type AchievementStatus = (typeof ACHIEVEMENT_STATUSES)[number];
export const ACHIEVEMENT_SOURCES = ["staff", "family", "import"] as const;

const EvidenceRefSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, ref: "Evidence", required: true },
    name: { type: String, required: true },
    type: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
  },
  { _id: false },
);

const HistorySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    byName: { type: String, required: true },
    action: { type: String, required: true },
    note: { type: String, default: "" },
  },
  { _id: false },
);

// One version of one achievement. A verified version is never changed again: a correction is a
// new document with the next version number and the same chainId, and the old one is marked
// superseded only when the correction is verified in its turn.
const AchievementSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    kind: { type: String, enum: KIND_CODES, required: true },
    date: { type: Date, required: true },
    academicYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    details: { type: Schema.Types.Mixed, required: true },
    title: { type: String, required: true },
    level: { type: String, default: null },
    status: { type: String, enum: ACHIEVEMENT_STATUSES, required: true },
    rejectionReason: { type: String, default: "" },
    source: { type: String, enum: ACHIEVEMENT_SOURCES, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    createdByName: { type: String, required: true },
    verifiedBy: { type: Schema.Types.ObjectId, ref: "User", default: null },
    verifiedAt: { type: Date, default: null },
    evidence: { type: [EvidenceRefSchema], default: [] },
    chainId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, min: 1 },
    supersedes: { type: Schema.Types.ObjectId, default: null },
    supersededBy: { type: Schema.Types.ObjectId, default: null },
    history: { type: [HistorySchema], default: [] },
  },
  { timestamps: true },
);
AchievementSchema.index({ schoolId: 1, studentId: 1, supersededBy: 1, date: -1 });
AchievementSchema.index({ schoolId: 1, status: 1, supersededBy: 1 });
AchievementSchema.index({ chainId: 1, version: 1 }, { unique: true });
AchievementSchema.index({ "evidence.fileId": 1 });

export type Achievement = InferSchemaType<typeof AchievementSchema> & { _id: Types.ObjectId; details: Record<string, string | number> };

export const AchievementModel = mongoose.models.Achievement ?? mongoose.model("Achievement", AchievementSchema);

/** The versions in force or in progress (not superseded) of a student's achievements. */
export async function listStudentAchievements(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, options: { verifiedOnly: boolean }) {
  const query: Record<string, unknown> = { schoolId, studentId, supersededBy: null };
  if (options.verifiedOnly) query.status = "verified";
  const found = await AchievementModel.find(query, { history: 0 }).sort({ date: -1, createdAt: -1 }).lean<Achievement[]>();
  // Should a verification have been cut off before it marked the version it replaces, the chain
  // has two verified versions: the newer one stands.
  const newestVerified = new Map<string, number>();
  for (const a of found) if (a.status === "verified") newestVerified.set(String(a.chainId), Math.max(a.version, newestVerified.get(String(a.chainId)) ?? 0));
  return found.filter((a) => a.status !== "verified" || a.version === newestVerified.get(String(a.chainId)));
}

export async function getAchievement(schoolId: Types.ObjectId | string, achievementId: string) {
  if (!mongoose.isValidObjectId(achievementId)) return null;
  return AchievementModel.findOne({ _id: achievementId, schoolId }).lean<Achievement>();
}

export async function listVersions(schoolId: Types.ObjectId | string, chainId: Types.ObjectId) {
  return AchievementModel.find({ schoolId, chainId }).sort({ version: 1 }).lean<Achievement[]>();
}

/** Counts per student (all versions in force or in progress), for a class page. */
export async function countByStudent(schoolId: Types.ObjectId | string, studentIds: Types.ObjectId[]) {
  const rows = await AchievementModel.aggregate<{ _id: { student: Types.ObjectId; status: string }; n: number }>([
    // One count per achievement: a correction still in progress is counted with the version it corrects.
    { $match: { schoolId: new mongoose.Types.ObjectId(String(schoolId)), studentId: { $in: studentIds }, supersededBy: null, $or: [{ supersedes: null }, { status: "verified" }] } },
    { $group: { _id: { student: "$studentId", status: "$status" }, n: { $sum: 1 } } },
  ]);
  const counts = new Map<string, Record<AchievementStatus, number>>();
  for (const row of rows) {
    const key = String(row._id.student);
    const entry = counts.get(key) ?? { draft: 0, submitted: 0, verified: 0, rejected: 0 };
    entry[row._id.status as AchievementStatus] += row.n;
    counts.set(key, entry);
  }
  return counts;
}

/** What waits for verification among the given students (null: the whole school). */
/** Submitted achievements waiting for a verdict; those of closed years can get none and are left out. */
export async function listSubmitted(schoolId: Types.ObjectId | string, studentIds: Types.ObjectId[] | null, closedYears: Set<string> = new Set()) {
  const query: Record<string, unknown> = { schoolId, status: "submitted", supersededBy: null, academicYear: { $nin: [...closedYears] } };
  if (studentIds) query.studentId = { $in: studentIds };
  return AchievementModel.find(query, { history: 0 }).sort({ updatedAt: 1 }).limit(500).lean<Achievement[]>();
}
