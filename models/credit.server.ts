import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

// Crediting results obtained in other organisations (seed 004 §5; 273-ФЗ ст. 34 ч. 1 п. 7): the
// family's application with its documents, and the school's decisions on it. A decision is never
// edited: it is revoked with a reason, and a new one may follow; the one in force is the last
// decision not revoked.
import { CREDIT_MARKS, CREDIT_OUTCOMES } from "~models/vocabulary/credits";

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
  reason: { type: String, required: true, maxlength: 2000 },
  act: { type: String, required: true, maxlength: 300 },
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
    programme: { type: String, required: true, maxlength: 300 },
    organisation: { type: String, required: true, maxlength: 300 },
    periodFrom: { type: Date, required: true },
    periodTo: { type: Date, required: true },
    result: { type: String, required: true, maxlength: 500 },
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

// The school's crediting rules (its local act as data): which verified results may be credited
// as which mark, e.g. prize-winners of a regional stage as «5» in that subject's interim
// certification. The registry suggests a decision from them; the admin decides.
const RuleSchema = new Schema({
  name: { type: String, required: true, maxlength: 200 },
  kinds: { type: [String], required: true },
  minLevel: { type: String, enum: ["school", "municipal", "regional", "federal", "international"], required: true },
  results: { type: [String], required: true },
  mark: { type: String, enum: CREDIT_MARKS, required: true },
  act: { type: String, required: true, maxlength: 300 },
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
