import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

// Documents the school issues (seed 001: printouts are certified; seed 004 §6.2–6.3) and the
// families' requests for extracts. An issued document is recorded once, with the SHA-256 of its
// bytes and a short code that anyone holding it can check at /verify/<code>; it is never edited,
// only withdrawn with a reason.
export const DOCUMENT_KINDS = { portfolio: "портфолио обучающегося", extract: "выписка из портфолио", creditDecision: "решение о зачёте результатов" } as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

const IssuedDocumentSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    code: { type: String, required: true },
    kind: { type: String, enum: Object.keys(DOCUMENT_KINDS), required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    /** The school year the document speaks for («2025/2026»). */
    schoolYear: { type: String, required: true },
    sections: { type: [String], default: [] },
    years: { type: [String], default: [] },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    fileName: { type: String, required: true },
    /** The bytes as issued (GridFS bucket "documents"), kept for the family to download again; null when not kept. */
    gridFsId: { type: Schema.Types.ObjectId, default: null },
    extractId: { type: Schema.Types.ObjectId, ref: "ExtractRequest", default: null },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    issuedByName: { type: String, required: true },
    withdrawnAt: { type: Date, default: null },
    withdrawnByName: { type: String, default: "" },
    withdrawReason: { type: String, default: "" },
  },
  { versionKey: false },
);
IssuedDocumentSchema.index({ code: 1 }, { unique: true });
IssuedDocumentSchema.index({ schoolId: 1, studentId: 1, issuedAt: -1 });
// One document per extract request: a second approval (a double click, two staff at once) fails here.
IssuedDocumentSchema.index({ extractId: 1 }, { unique: true, partialFilterExpression: { extractId: { $type: "objectId" } } });

export type IssuedDocument = InferSchemaType<typeof IssuedDocumentSchema> & { _id: Types.ObjectId };
export const IssuedDocumentModel = mongoose.models.IssuedDocument ?? mongoose.model("IssuedDocument", IssuedDocumentSchema, "issuedDocuments");

export const DOCUMENTS_BUCKET = "documents";
export function documentsBucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database is not connected");
  return new mongoose.mongo.GridFSBucket(db, { bucketName: DOCUMENTS_BUCKET });
}

export const EXTRACT_STATES = { requested: "на рассмотрении", approved: "выдана", refused: "отказано", withdrawn: "отозвана" } as const;
export type ExtractState = keyof typeof EXTRACT_STATES;

// A family's request for an extract. Its state is `status` until a document is issued for it;
// from then on the document decides (issued, or withdrawn), so a request whose approval was cut
// off after the document was written still shows as issued.
const ExtractRequestSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", required: true },
    requestedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
    requestedByName: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    sections: { type: [String], required: true },
    years: { type: [String], default: [] },
    thumbnails: { type: Boolean, default: false },
    purpose: { type: String, required: true, maxlength: 300 },
    status: { type: String, enum: ["requested", "approved", "refused"], required: true, default: "requested" },
    decidedBy: { type: Schema.Types.ObjectId, ref: "User", default: null },
    decidedByName: { type: String, default: "" },
    decidedAt: { type: Date, default: null },
    refusalReason: { type: String, default: "" },
  },
  { versionKey: false },
);
ExtractRequestSchema.index({ schoolId: 1, studentId: 1, requestedAt: -1 });
ExtractRequestSchema.index({ schoolId: 1, status: 1, requestedAt: 1 });

export type ExtractRequest = InferSchemaType<typeof ExtractRequestSchema> & { _id: Types.ObjectId };
export const ExtractRequestModel = mongoose.models.ExtractRequest ?? mongoose.model("ExtractRequest", ExtractRequestSchema, "extractRequests");

export function extractState(request: Pick<ExtractRequest, "status">, document: Pick<IssuedDocument, "withdrawnAt"> | null | undefined): ExtractState {
  if (document) return document.withdrawnAt ? "withdrawn" : "approved";
  return request.status === "refused" ? "refused" : "requested";
}

export async function findDocumentByCode(code: string) {
  return IssuedDocumentModel.findOne({ code }).lean<IssuedDocument>();
}

/** The documents issued for these requests, by request id. */
export async function documentsOfExtracts(extractIds: Types.ObjectId[]) {
  const docs = await IssuedDocumentModel.find({ extractId: { $in: extractIds } }).lean<IssuedDocument[]>();
  return new Map(docs.map((d) => [String(d.extractId), d]));
}
