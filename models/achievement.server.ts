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
  { _id: false }
);

const HistorySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId, ref: "User", required: true },
    byName: { type: String, required: true },
    action: { type: String, required: true },
    note: { type: String, default: "" },
  },
  { _id: false }
);

// One version of one achievement. A verified version's content is never changed again: a correction
// is a new document with the next version number and the same chainId, and the old one is marked
// superseded only when the correction is verified in its turn. Its verification alone may be
// withdrawn (with a reason), which sends it back to the author as refused.
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
  { timestamps: true }
);
AchievementSchema.index({ schoolId: 1, studentId: 1, supersededBy: 1, date: -1 });
AchievementSchema.index({ schoolId: 1, status: 1, supersededBy: 1 });
// The entries on review that the navigation counts on every page a verifier opens: answered from
// the index alone (the versions in force only), not by reading thousands of entries each time.
AchievementSchema.index(
  { schoolId: 1, status: 1, academicYear: 1, studentId: 1, createdBy: 1 },
  { partialFilterExpression: { supersededBy: null }, name: "review_count" }
);
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

/** Of these achievements, those verified and in force, with the moment each was verified (what a credential may still vouch for). */
export async function verifiedInForce({ schoolId, ids }: { schoolId: Types.ObjectId | string; ids: Types.ObjectId[] }) {
  const found = await AchievementModel.find({ schoolId, _id: { $in: ids }, status: "verified", supersededBy: null }, { verifiedAt: 1 }).lean<
    { _id: Types.ObjectId; verifiedAt: Date | null }[]
  >();
  return new Map(found.map((a) => [String(a._id), a.verifiedAt]));
}

/** These achievements' titles and dates, in the given order (the verify page names what a credential holds). */
export async function listAchievementTitles({ schoolId, ids }: { schoolId: Types.ObjectId | string; ids: Types.ObjectId[] }) {
  const found = await AchievementModel.find({ schoolId, _id: { $in: ids } }, { title: 1, date: 1 }).lean<
    { _id: Types.ObjectId; title: string; date: Date }[]
  >();
  const byId = new Map(found.map((a) => [String(a._id), a]));
  return ids.map((id) => byId.get(String(id))).filter((a) => a !== undefined);
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
    {
      $match: {
        schoolId: new mongoose.Types.ObjectId(String(schoolId)),
        studentId: { $in: studentIds },
        supersededBy: null,
        $or: [{ supersedes: null }, { status: "verified" }],
      },
    },
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

/** How many wait for this verifier: submitted heads of these students (null: the school's), of open years, not entered by `notBy`. */
export async function countSubmitted({
  schoolId,
  studentIds,
  closedYears,
  notBy,
}: {
  schoolId: Types.ObjectId | string;
  studentIds: Types.ObjectId[] | null;
  closedYears: Set<string>;
  notBy: Types.ObjectId | null;
}) {
  return AchievementModel.countDocuments({
    schoolId,
    status: "submitted",
    supersededBy: null,
    academicYear: { $nin: [...closedYears] },
    ...(studentIds ? { studentId: { $in: studentIds } } : {}),
    ...(notBy ? { createdBy: { $ne: notBy } } : {}),
  });
}

/** What the family proposed for a student (the versions in force), newest first. */
export async function listFamilyProposals({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId | string }) {
  return AchievementModel.find({ schoolId, studentId, source: "family", supersededBy: null }, { history: 0 })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<Achievement[]>();
}

/** How many family proposals wait for verification among these students (null: the school's). */
export async function countFamilyProposals({
  schoolId,
  studentIds,
  closedYears,
}: {
  schoolId: Types.ObjectId | string;
  studentIds: Types.ObjectId[] | null;
  closedYears: Set<string>;
}) {
  return AchievementModel.countDocuments({
    schoolId,
    source: "family",
    status: "submitted",
    supersededBy: null,
    academicYear: { $nin: [...closedYears] },
    ...(studentIds ? { studentId: { $in: studentIds } } : {}),
  });
}

/** This author's entries in a state that waits for them (drafts, refused), newest first. */
export async function listAuthorsOpenEntries({ schoolId, createdBy }: { schoolId: Types.ObjectId | string; createdBy: Types.ObjectId }) {
  return AchievementModel.find(
    { schoolId, createdBy, status: { $in: ["draft", "rejected"] }, supersededBy: null },
    { title: 1, status: 1, studentId: 1, updatedAt: 1, rejectionReason: 1, academicYear: 1 }
  )
    .sort({ updatedAt: -1 })
    .limit(200)
    .lean<Pick<Achievement, "_id" | "title" | "status" | "studentId" | "updatedAt" | "rejectionReason" | "academicYear">[]>();
}

/**
 * The verified versions in force of the given kinds, oldest first, narrowed by what is given (the
 * students among `studentIds`, the school years among `academicYears`); `fields` to read only
 * those, else everything but the history.
 */
export async function listVerifiedAchievements(input: {
  schoolId: Types.ObjectId | string;
  kinds: string[];
  studentIds?: (Types.ObjectId | string)[];
  academicYears?: string[];
  fields?: (keyof Achievement)[];
}) {
  const query: Record<string, unknown> = { schoolId: input.schoolId, status: "verified", supersededBy: null, kind: { $in: input.kinds } };
  if (input.studentIds) query.studentId = { $in: input.studentIds };
  if (input.academicYears) query.academicYear = { $in: input.academicYears };
  const projection = input.fields ? Object.fromEntries(input.fields.map((f) => [f, 1])) : { history: 0 };
  return AchievementModel.find(query, projection).sort({ date: 1 }).lean<Achievement[]>();
}

export interface NewAchievement {
  _id: Types.ObjectId;
  studentId: Types.ObjectId;
  kind: string;
  date: Date;
  academicYear: string;
  details: Record<string, unknown>;
  title: string;
  level: string | null;
  status: AchievementStatus;
  source: (typeof ACHIEVEMENT_SOURCES)[number];
  createdBy: Types.ObjectId;
  createdByName: string;
  verifiedBy?: Types.ObjectId | null;
  verifiedAt?: Date | null;
  evidence: { fileId: Types.ObjectId; name: string; type: string; size: number; sha256: string }[];
  chainId: Types.ObjectId;
  version: number;
  supersedes?: Types.ObjectId | null;
  history: { at: Date; by: Types.ObjectId; byName: string; action: string; note?: string }[];
}

/** Writes one version of an achievement of the school (its id is the caller's); throws if it is not valid. */
export async function createAchievement({ schoolId, achievement }: { schoolId: Types.ObjectId; achievement: NewAchievement }) {
  await AchievementModel.create({ ...achievement, schoolId });
}

/**
 * Many achievements of the school in one unordered write (the synthetic seed): the valid ones are
 * written whatever happens to the others.
 */
export async function insertAchievements({ schoolId, achievements }: { schoolId: Types.ObjectId; achievements: NewAchievement[] }) {
  await AchievementModel.insertMany(
    achievements.map((a) => ({ ...a, schoolId })),
    { ordered: false }
  );
}

export type AchievementHistoryLine = NewAchievement["history"][number];

/** The id of a version about to be written: its files name it before it exists. */
export const newAchievementId = () => new mongoose.Types.ObjectId();

/** Whether a chain already has a version after this one (a correction waiting for verification). */
export async function hasLaterVersion({ schoolId, chainId, version }: { schoolId: Types.ObjectId | string; chainId: Types.ObjectId; version: number }) {
  return (await AchievementModel.exists({ schoolId, chainId, version: { $gt: version } })) !== null;
}

/**
 * Whether some achievement of the school lists one of these files as a confirming document;
 * with `verifiedInForce`, only a verified version not replaced by a later one counts.
 */
export async function achievementListsAnyFile({
  schoolId,
  fileIds,
  verifiedInForce = false,
}: {
  schoolId: Types.ObjectId | string;
  fileIds: Types.ObjectId[];
  verifiedInForce?: boolean;
}) {
  const filter = { schoolId, "evidence.fileId": { $in: fileIds }, ...(verifiedInForce ? { status: "verified", supersededBy: null } : {}) };
  return (await AchievementModel.exists(filter)) !== null;
}

/**
 * Rewrites a version that is not verified, in one conditional write: only if it is still in the
 * state and at the time the editor saw it. False if it changed meanwhile (nothing written).
 */
export async function rewriteAchievementIfUnchanged({
  schoolId,
  achievementId,
  seen,
  set,
  history,
}: {
  schoolId: Types.ObjectId | string;
  achievementId: Types.ObjectId;
  seen: { status: string; updatedAt: Date };
  set: Pick<NewAchievement, "kind" | "date" | "academicYear" | "details" | "title" | "level" | "evidence"> & {
    status: AchievementStatus;
    rejectionReason: string;
  };
  history: AchievementHistoryLine;
}) {
  const result = await AchievementModel.updateOne(
    { _id: achievementId, schoolId, status: seen.status, updatedAt: seen.updatedAt },
    { $set: set, $push: { history } }
  );
  return result.matchedCount > 0;
}

/**
 * One step of the workflow in one conditional write: only if the version is still in one of the
 * `from` states, not superseded, and (given `seenAt`) unchanged since then. False if not (nothing written).
 */
export async function moveAchievementStatus({
  schoolId,
  achievementId,
  from,
  seenAt,
  set,
  history,
}: {
  schoolId: Types.ObjectId | string;
  achievementId: Types.ObjectId;
  from: AchievementStatus[];
  seenAt?: Date;
  set: { status: AchievementStatus; verifiedBy?: Types.ObjectId; verifiedAt?: Date; rejectionReason?: string };
  history: AchievementHistoryLine;
}) {
  const seenFilter = seenAt !== undefined ? { updatedAt: seenAt } : {};
  const result = await AchievementModel.updateOne(
    { _id: achievementId, schoolId, status: { $in: from }, supersededBy: null, ...seenFilter },
    { $set: set, $push: { history } }
  );
  return result.matchedCount > 0;
}

/** A verified correction stands in for the version it corrects (if nothing replaced that one yet). */
export async function markSuperseded({
  schoolId,
  achievementId,
  by,
}: {
  schoolId: Types.ObjectId | string;
  achievementId: Types.ObjectId;
  by: Types.ObjectId;
}) {
  await AchievementModel.updateOne({ _id: achievementId, schoolId, supersededBy: null }, { $set: { supersededBy: by } });
}

/** Deletes a version only while it is a draft or rejected, in one conditional write; false if it was not. */
export async function deleteUnverifiedAchievement({ schoolId, achievementId }: { schoolId: Types.ObjectId | string; achievementId: Types.ObjectId }) {
  const result = await AchievementModel.deleteOne({ _id: achievementId, schoolId, status: { $in: ["draft", "rejected"] } });
  return result.deletedCount > 0;
}

/** The student with the most verified achievements in force, and how many (the PDF benchmark's worst case); null if none. */
export async function studentWithMostVerified({ schoolId }: { schoolId: Types.ObjectId }) {
  const [top] = await AchievementModel.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { schoolId, status: "verified", supersededBy: null } },
    { $group: { _id: "$studentId", n: { $sum: 1 } } },
    { $sort: { n: -1 } },
    { $limit: 1 },
  ]);
  return top ?? null;
}

/** Up to `limit` students with any verified achievement (versions replaced since count too), as they come. */
export async function listStudentsWithVerified({ schoolId, limit }: { schoolId: Types.ObjectId; limit: number }) {
  return AchievementModel.aggregate<{ _id: Types.ObjectId }>([
    { $match: { schoolId, status: "verified" } },
    { $group: { _id: "$studentId" } },
    { $limit: limit },
  ]);
}

/** The verified versions in force of the given students in one school year, by date (then id), without their history: a yearly archive's register. */
export async function listVerifiedAchievementsOfYear({
  schoolId,
  schoolYear,
  studentIds,
}: {
  schoolId: Types.ObjectId | string;
  schoolYear: string;
  studentIds: Types.ObjectId[];
}) {
  return AchievementModel.find({ schoolId, academicYear: schoolYear, studentId: { $in: studentIds }, status: "verified", supersededBy: null }, { history: 0 })
    .sort({ date: 1, _id: 1 })
    .lean<Achievement[]>();
}
