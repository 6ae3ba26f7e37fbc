import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

// Crediting results obtained in other organisations (seed 004 §5; 273-ФЗ ст. 34 ч. 1 п. 7): the
// family's application with its documents, and the school's decisions on it. A decision is never
// edited: it is revoked with a reason, and a new one may follow; the one in force is the last
// decision not revoked.
import { CREDIT_MARKS, CREDIT_OUTCOMES, CREDIT_RULE_LIMITS } from "~models/vocabulary/credits";
import { CREDIT_LIMITS } from "./vocabulary/limits";
import type { CreditRule } from "./vocabulary/credits";

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

const DecisionSchema = new Schema({
  outcome: { type: String, enum: Object.keys(CREDIT_OUTCOMES), required: true },
  /** The mark it is credited as («5», «4», «3», «зач»); empty when refused. */
  mark: { type: String, enum: ["", ...CREDIT_MARKS], default: "" },
  /** The period of the class summary it counts for: "1".."4" or "year" (interim certification). */
  period: { type: String, default: "" },
  reason: { type: String, required: true, maxlength: CREDIT_LIMITS.reason },
  act: { type: String, required: true, maxlength: CREDIT_LIMITS.act },
  /** The school's crediting rule the decision followed, if any (its name at the time). */
  rule: { type: String, default: "" },
  decidedAt: { type: Date, required: true },
  decidedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  decidedByName: { type: String, required: true },
  documentId: { type: Schema.Types.ObjectId, ref: "IssuedDocument", default: null },
  revokedAt: { type: Date, default: null },
  revokedByName: { type: String, default: "" },
  revokeReason: { type: String, default: "" },
});

const CreditApplicationSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    /** The class the student was in that year: the summary the credited mark goes to. */
    classId: { type: Schema.Types.ObjectId, ref: "SchoolClass", required: true },
    schoolYear: { type: String, required: true, match: /^\d{4}\/\d{4}$/ },
    subjectId: { type: Schema.Types.ObjectId, ref: "Subject", required: true },
    programme: { type: String, required: true, maxlength: CREDIT_LIMITS.programme },
    organisation: { type: String, required: true, maxlength: CREDIT_LIMITS.organisation },
    periodFrom: { type: Date, required: true },
    periodTo: { type: Date, required: true },
    result: { type: String, required: true, maxlength: CREDIT_LIMITS.result },
    evidence: { type: [EvidenceRefSchema], default: [] },
    appliedAt: { type: Date, required: true },
    applicantId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    applicantName: { type: String, required: true },
    decisions: { type: [DecisionSchema], default: [] },
  },
  { versionKey: false },
);
CreditApplicationSchema.index({ schoolId: 1, studentId: 1, appliedAt: -1 });
CreditApplicationSchema.index({ schoolId: 1, classId: 1 });
CreditApplicationSchema.index({ "evidence.fileId": 1 });

export type CreditDecision = InferSchemaType<typeof DecisionSchema> & { _id: Types.ObjectId };
export type CreditApplication = Omit<InferSchemaType<typeof CreditApplicationSchema>, "decisions"> & { _id: Types.ObjectId; decisions: CreditDecision[] };
export const CreditApplicationModel = mongoose.models.CreditApplication ?? mongoose.model("CreditApplication", CreditApplicationSchema, "creditApplications");

/** The decision in force: the last one not revoked; null while the application waits. */
export const decisionInForce = (application: Pick<CreditApplication, "decisions">): CreditDecision | null => {
  const last = application.decisions.at(-1);
  return last && !last.revokedAt ? last : null;
};

/** How many applications wait for a decision (none yet, or the last one revoked): decisionInForce's rule as a query. */
export async function countWaitingCreditApplications({ schoolId }: { schoolId: Types.ObjectId | string }) {
  return CreditApplicationModel.countDocuments({
    schoolId,
    $expr: { $or: [{ $eq: [{ $size: "$decisions" }, 0] }, { $gt: [{ $arrayElemAt: ["$decisions.revokedAt", -1] }, null] }] },
  });
}

// The school's crediting rules (its local act as data): which verified results may be credited
// as which mark, e.g. prize-winners of a regional stage as «5» in that subject's interim
// certification. The registry suggests a decision from them; the admin decides.
const RuleSchema = new Schema({
  name: { type: String, required: true, maxlength: CREDIT_RULE_LIMITS.name },
  kinds: { type: [String], required: true },
  minLevel: { type: String, enum: ["school", "municipal", "regional", "federal", "international"], required: true },
  results: { type: [String], required: true },
  mark: { type: String, enum: CREDIT_MARKS, required: true },
  act: { type: String, required: true, maxlength: CREDIT_RULE_LIMITS.act },
  active: { type: Boolean, default: true },
});
const CreditRulesSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    rules: { type: [RuleSchema], default: [] },
    updatedAt: { type: Date, required: true },
    updatedByName: { type: String, required: true },
  },
  { versionKey: false },
);
CreditRulesSchema.index({ schoolId: 1 }, { unique: true });

export type StoredCreditRule = InferSchemaType<typeof RuleSchema> & { _id: Types.ObjectId };
export const CreditRulesModel = mongoose.models.CreditRules ?? mongoose.model("CreditRules", CreditRulesSchema, "creditRules");

export async function getCreditRules(schoolId: Types.ObjectId | string): Promise<StoredCreditRule[]> {
  const doc = await CreditRulesModel.findOne({ schoolId }).lean<{ rules: StoredCreditRule[] }>();
  return doc?.rules ?? [];
}

export type CreditedMarks = Map<string, { mark: string; decidedAt: Date }>;

/**
 * The marks credited in a class for each of the periods by decisions in force, keyed
 * `${studentId}:${subjectId}`: what the class summary shows instead of the journal's mark.
 */
export async function listCreditedMarks({ schoolId, classId, periods }: { schoolId: Types.ObjectId | string; classId: Types.ObjectId | string; periods: string[] }) {
  const applications = await CreditApplicationModel.find({
    schoolId,
    classId,
    decisions: { $elemMatch: { revokedAt: null, period: { $in: periods }, outcome: { $in: ["credited", "partly"] } } },
  }).lean<CreditApplication[]>();
  const marksOf = new Map<string, CreditedMarks>(periods.map((period) => [period, new Map()]));
  for (const a of applications) {
    const current = decisionInForce(a);
    if (current?.mark) marksOf.get(current.period)?.set(`${a.studentId}:${a.subjectId}`, { mark: current.mark, decidedAt: current.decidedAt });
  }
  return marksOf;
}


/** The school's first crediting rules (the demo seed); the school has none yet. */
export async function createCreditRules({ schoolId, rules, updatedAt, updatedByName }: { schoolId: Types.ObjectId; rules: CreditRule[]; updatedAt: Date; updatedByName: string }) {
  await CreditRulesModel.create({ schoolId, updatedAt, updatedByName, rules });
}

export interface NewCreditApplication {
  _id: Types.ObjectId;
  studentId: Types.ObjectId;
  classId: Types.ObjectId;
  schoolYear: string;
  subjectId: Types.ObjectId;
  programme: string;
  organisation: string;
  periodFrom: Date;
  periodTo: Date;
  result: string;
  evidence: { fileId: Types.ObjectId; name: string; type: string; size: number; sha256: string }[];
  appliedAt: Date;
  applicantId: Types.ObjectId;
  applicantName: string;
}

/** A family's application for crediting, waiting for a decision (its id is the caller's, as its files carry it); throws if it is not valid. */
export async function createCreditApplication({ schoolId, application }: { schoolId: Types.ObjectId; application: NewCreditApplication }) {
  await CreditApplicationModel.create({ ...application, schoolId });
}

/** Whether some credit application of the school lists this file among its documents. */
export async function creditApplicationListsFile({ schoolId, fileId }: { schoolId: Types.ObjectId | string; fileId: Types.ObjectId }) {
  return (await CreditApplicationModel.exists({ schoolId, "evidence.fileId": fileId })) !== null;
}

/** The id of an application about to be made: its files are stored under it first. */
export const newCreditApplicationId = () => new mongoose.Types.ObjectId();

/** The school's applications, newest first (one student's, given `studentId`), at most `limit`. */
export async function listCreditApplications({ schoolId, studentId, limit }: { schoolId: Types.ObjectId | string; studentId?: Types.ObjectId; limit: number }) {
  return CreditApplicationModel.find({ schoolId, ...(studentId ? { studentId } : {}) })
    .sort({ appliedAt: -1 })
    .limit(limit)
    .lean<CreditApplication[]>();
}

/** One application of the school, or null (also for anything that is not an id). */
export async function getCreditApplication({ schoolId, applicationId }: { schoolId: Types.ObjectId | string; applicationId: string }) {
  if (!mongoose.isValidObjectId(applicationId)) return null;
  return CreditApplicationModel.findOne({ _id: applicationId, schoolId }).lean<CreditApplication>();
}

export interface NewCreditDecision {
  outcome: string;
  mark: string;
  period: string;
  reason: string;
  act: string;
  rule: string;
  decidedAt: Date;
  decidedBy: Types.ObjectId;
  decidedByName: string;
}

/**
 * Adds a decision only while none is in force, in one conditional write: of two admins deciding
 * at once one succeeds. False if a decision was in force (nothing written).
 */
export async function addCreditDecision({ schoolId, applicationId, decision }: { schoolId: Types.ObjectId | string; applicationId: Types.ObjectId; decision: NewCreditDecision }) {
  const written = await CreditApplicationModel.updateOne(
    { _id: applicationId, schoolId, decisions: { $not: { $elemMatch: { revokedAt: null } } } },
    { $push: { decisions: { _id: new mongoose.Types.ObjectId(), ...decision } } },
  );
  return written.modifiedCount > 0;
}

/** Gives a decision its issued PDF, only while it is in force and has none. False if not (nothing written). */
export async function setCreditDecisionDocument({ schoolId, applicationId, decisionId, documentId }: { schoolId: Types.ObjectId | string; applicationId: Types.ObjectId; decisionId: Types.ObjectId; documentId: Types.ObjectId }) {
  const set = await CreditApplicationModel.updateOne(
    { _id: applicationId, schoolId, decisions: { $elemMatch: { _id: decisionId, documentId: null, revokedAt: null } } },
    { $set: { "decisions.$.documentId": documentId } },
  );
  return set.modifiedCount > 0;
}

/** Revokes a decision not yet revoked, with who and why. False if it already was (nothing written). */
export async function revokeCreditDecision({ schoolId, applicationId, decisionId, revokedByName, reason }: { schoolId: Types.ObjectId | string; applicationId: Types.ObjectId; decisionId: Types.ObjectId; revokedByName: string; reason: string }) {
  const updated = await CreditApplicationModel.updateOne(
    { _id: applicationId, schoolId, decisions: { $elemMatch: { _id: decisionId, revokedAt: null } } },
    { $set: { "decisions.$.revokedAt": new Date(), "decisions.$.revokedByName": revokedByName, "decisions.$.revokeReason": reason } },
  );
  return updated.modifiedCount > 0;
}

/** Adds an active rule to the school's crediting rules (the set is made with the first). */
export async function addCreditRule({ schoolId, rule, updatedByName }: { schoolId: Types.ObjectId | string; rule: Omit<CreditRule, "active">; updatedByName: string }) {
  await CreditRulesModel.updateOne({ schoolId }, { $push: { rules: { ...rule, active: true } }, $set: { updatedAt: new Date(), updatedByName } }, { upsert: true, runValidators: true });
}

/** Switches one of the school's rules on or off; false if the school has no such rule. */
export async function setCreditRuleActive({ schoolId, ruleId, active, updatedByName }: { schoolId: Types.ObjectId | string; ruleId: string; active: boolean; updatedByName: string }) {
  const updated = await CreditRulesModel.updateOne({ schoolId, "rules._id": ruleId }, { $set: { "rules.$.active": active, updatedAt: new Date(), updatedByName } });
  return updated.matchedCount > 0;
}

/** Every credit application of the school year with all its decisions, revoked ones too, oldest first. */
export async function listCreditApplicationsOfYear({ schoolId, schoolYear }: { schoolId: Types.ObjectId | string; schoolYear: string }) {
  return CreditApplicationModel.find({ schoolId, schoolYear }).sort({ appliedAt: 1, _id: 1 }).lean<CreditApplication[]>();
}
