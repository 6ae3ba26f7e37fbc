import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { EXTRACT_LIMITS } from "./vocabulary/limits";

// Documents the school issues (seed 001: printouts are certified; seed 004 §6.2–6.3) and the
// families' requests for extracts. An issued document is recorded once, with the SHA-256 of its
// bytes and a short code that anyone holding it can check at /verify/<code>; it is never edited,
// only withdrawn with a reason.
export const DOCUMENT_KINDS = {
  portfolio: "портфолио обучающегося",
  extract: "выписка из портфолио",
  creditDecision: "решение о зачёте результатов",
  academicRecord: "справка об обучении и успеваемости",
  badge: "цифровой бейдж достижения (Open Badges 3.0)",
  clr: "цифровое портфолио (CLR 2.0)",
} as const;
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
    /** The serial of the school's certificate the PDF is signed with (empty for documents issued before signing). */
    certificateSerial: { type: String, default: "" },
    /** A verifiable credential (badge, CLR): its id, its bit in the school's status list, the achievements it holds. */
    credential: {
      type: new Schema(
        {
          id: { type: String, required: true },
          statusIndex: { type: Number, required: true },
          achievementIds: { type: [Schema.Types.ObjectId], default: [] },
          /** Whether the child's name is in it (the family's choice when downloading). */
          named: { type: Boolean, default: false },
          /** The ids of the badges a CLR holds (each signed on its own, with the CLR's status). */
          parts: { type: [String], default: [] },
          /** Each such badge's size as signed (compact JSON): the verify page reads nothing much bigger. */
          partSizes: { type: [Number], default: [] },
        },
        { _id: false }
      ),
      default: null,
    },
    withdrawnAt: { type: Date, default: null },
    withdrawnByName: { type: String, default: "" },
    withdrawReason: { type: String, default: "" },
  },
  { versionKey: false }
);
IssuedDocumentSchema.index({ code: 1 }, { unique: true });
IssuedDocumentSchema.index({ schoolId: 1, studentId: 1, issuedAt: -1 });
// One document per extract request: a second approval (a double click, two staff at once) fails here.
IssuedDocumentSchema.index({ extractId: 1 }, { unique: true, partialFilterExpression: { extractId: { $type: "objectId" } } });
// A credential's bit in the status list is its own (app/credentials/status-list.server.ts says when it is set).
IssuedDocumentSchema.index(
  { schoolId: 1, "credential.statusIndex": 1 },
  { unique: true, partialFilterExpression: { "credential.statusIndex": { $type: "number" } } }
);
IssuedDocumentSchema.index({ schoolId: 1, "credential.achievementIds": 1 }, { partialFilterExpression: { "credential.statusIndex": { $type: "number" } } });
IssuedDocumentSchema.index({ "credential.id": 1 }, { unique: true, partialFilterExpression: { "credential.id": { $type: "string" } } });
IssuedDocumentSchema.index({ "credential.parts": 1 }, { partialFilterExpression: { "credential.statusIndex": { $type: "number" } } });

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
    purpose: { type: String, required: true, maxlength: EXTRACT_LIMITS.purpose.max },
    status: { type: String, enum: ["requested", "approved", "refused"], required: true, default: "requested" },
    decidedBy: { type: Schema.Types.ObjectId, ref: "User", default: null },
    decidedByName: { type: String, default: "" },
    decidedAt: { type: Date, default: null },
    refusalReason: { type: String, default: "" },
  },
  { versionKey: false }
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

export interface NewExtractRequest {
  studentId: Types.ObjectId;
  requestedBy: Types.ObjectId;
  requestedByName: string;
  requestedAt: Date;
  sections: string[];
  years: string[];
  thumbnails: boolean;
  purpose: string;
}

/** Requests for extracts of a school in one write, in this order (the demo seed). */
export async function insertExtractRequests({ schoolId, requests }: { schoolId: Types.ObjectId; requests: NewExtractRequest[] }) {
  const created = await ExtractRequestModel.insertMany(requests.map((r) => ({ schoolId, ...r })));
  return created.map((doc) => doc.toObject() as ExtractRequest);
}

/** The request is answered: its extract was issued (the document, written first, decides its state). */
export async function markExtractApproved({
  schoolId,
  extractId,
  decidedBy,
  decidedByName,
  decidedAt,
}: {
  schoolId: Types.ObjectId | string;
  extractId: Types.ObjectId;
  decidedBy: Types.ObjectId;
  decidedByName: string;
  decidedAt: Date;
}) {
  await ExtractRequestModel.updateOne({ _id: extractId, schoolId }, { $set: { status: "approved", decidedBy, decidedByName, decidedAt } });
}

/** One student's requests, newest first (the last 100). */
export async function listStudentExtractRequests({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return ExtractRequestModel.find({ schoolId, studentId }).sort({ requestedAt: -1 }).limit(100).lean<ExtractRequest[]>();
}

/** Requests waiting for an answer, oldest first (at most 500), of these students (null: the whole school). */
export async function listOpenExtractRequests({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[] | null }) {
  return ExtractRequestModel.find({ schoolId, ...(studentIds ? { studentId: { $in: studentIds } } : {}), status: "requested" })
    .sort({ requestedAt: 1 })
    .limit(500)
    .lean<ExtractRequest[]>();
}

/** How many requests of these students (null: the whole school) wait for an answer. */
export async function countOpenExtractRequests({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[] | null }) {
  return ExtractRequestModel.countDocuments({ schoolId, ...(studentIds ? { studentId: { $in: studentIds } } : {}), status: "requested" });
}

/** The latest answered requests (100), of these students (null: the whole school). */
export async function listDecidedExtractRequests({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: Types.ObjectId[] | null }) {
  return ExtractRequestModel.find({ schoolId, ...(studentIds ? { studentId: { $in: studentIds } } : {}), status: { $ne: "requested" } })
    .sort({ decidedAt: -1 })
    .limit(100)
    .lean<ExtractRequest[]>();
}

/** One request of the school, or null (also for anything that is not an id). */
export async function getExtractRequest({ schoolId, extractId }: { schoolId: Types.ObjectId | string; extractId: string }) {
  if (!mongoose.isValidObjectId(extractId)) return null;
  return ExtractRequestModel.findOne({ _id: extractId, schoolId }).lean<ExtractRequest>();
}

/** Refuses a request still waiting, with the reason the family sees, in one conditional write; false if it was answered meanwhile. */
export async function markExtractRefused({
  schoolId,
  extractId,
  decidedBy,
  decidedByName,
  reason,
}: {
  schoolId: Types.ObjectId | string;
  extractId: Types.ObjectId;
  decidedBy: Types.ObjectId;
  decidedByName: string;
  reason: string;
}) {
  const updated = await ExtractRequestModel.updateOne(
    { _id: extractId, schoolId, status: "requested" },
    { $set: { status: "refused", decidedBy, decidedByName, decidedAt: new Date(), refusalReason: reason } }
  );
  return updated.modifiedCount > 0;
}

/** One document the school issued, or null (also for anything that is not an id). */
export async function getIssuedDocument({ schoolId, documentId }: { schoolId: Types.ObjectId | string; documentId: Types.ObjectId | string }) {
  if (!mongoose.isValidObjectId(documentId)) return null;
  return IssuedDocumentModel.findOne({ _id: documentId, schoolId }).lean<IssuedDocument>();
}

/** The document issued for an extract request, or null. */
export async function getDocumentOfExtract({ schoolId, extractId }: { schoolId: Types.ObjectId | string; extractId: Types.ObjectId }) {
  return IssuedDocumentModel.findOne({ extractId, schoolId }).lean<IssuedDocument>();
}

/** These documents of the school (in no particular order). */
export async function listIssuedDocuments({ schoolId, documentIds }: { schoolId: Types.ObjectId | string; documentIds: Types.ObjectId[] }) {
  return IssuedDocumentModel.find({ schoolId, _id: { $in: documentIds } }).lean<IssuedDocument[]>();
}

export interface NewIssuedDocument {
  code: string;
  kind: DocumentKind;
  studentId: Types.ObjectId;
  schoolYear: string;
  sections: string[];
  years: string[];
  sha256: string;
  size: number;
  fileName: string;
  gridFsId: Types.ObjectId | null;
  extractId: Types.ObjectId | null;
  issuedAt: Date;
  issuedBy: Types.ObjectId;
  issuedByName: string;
  certificateSerial: string;
  credential?: { id: string; statusIndex: number; achievementIds: Types.ObjectId[]; named: boolean; parts: string[]; partSizes: number[] } | null;
}

/**
 * Records an issue in one insert. A code already taken, a second document for one extract
 * request, a credential's id or status bit already recorded, fails on its unique index (error code
 * 11000, the key named in `keyPattern`).
 */
export async function createIssuedDocument({ schoolId, document }: { schoolId: Types.ObjectId; document: NewIssuedDocument }) {
  const created = await IssuedDocumentModel.create({ schoolId, ...document });
  return created.toObject() as IssuedDocument;
}

/** Withdraws a document not yet withdrawn, with the reason its verify page shows; false if it already was (nothing written). */
export async function withdrawIssuedDocument({
  schoolId,
  documentId,
  withdrawnByName,
  reason,
}: {
  schoolId: Types.ObjectId | string;
  documentId: Types.ObjectId;
  withdrawnByName: string;
  reason: string;
}) {
  const updated = await IssuedDocumentModel.updateOne(
    { _id: documentId, schoolId, withdrawnAt: null },
    { $set: { withdrawnAt: new Date(), withdrawnByName, withdrawReason: reason } }
  );
  return updated.modifiedCount > 0;
}

/** Keeps the bytes of a document being issued (bucket "documents"); the id they are kept under goes into its record. */
export async function saveDocumentBytes({
  schoolId,
  fileName,
  sha256,
  bytes,
}: {
  schoolId: Types.ObjectId;
  fileName: string;
  sha256: string;
  bytes: Uint8Array;
}) {
  const gridFsId = new mongoose.Types.ObjectId();
  await pipeline(Readable.from([bytes]), documentsBucket().openUploadStreamWithId(gridFsId, fileName, { metadata: { schoolId, sha256 } }));
  return gridFsId;
}

/** Deletes kept bytes (of an issue that was not recorded). */
export async function deleteDocumentBytes({ gridFsId }: { gridFsId: Types.ObjectId }) {
  await documentsBucket().delete(gridFsId);
}

/** The kept bytes of an issued document, whole. */
export async function readDocumentBytes({ gridFsId }: { gridFsId: Types.ObjectId }): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of documentsBucket().openDownloadStream(gridFsId)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Where the kept bytes of each document issued for the student are (null: not kept). */
export async function listStudentIssuedStorage({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return IssuedDocumentModel.find({ schoolId, studentId }, { gridFsId: 1 }).lean<Pick<IssuedDocument, "_id" | "gridFsId">[]>();
}

/** Deletes the records of every document issued for the student (their kept bytes are deleted apart); how many went. */
export async function deleteStudentIssuedDocuments({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return (await IssuedDocumentModel.deleteMany({ schoolId, studentId })).deletedCount;
}

// Every status bit a school ever gave a credential, kept when the credential's record is removed at
// the end of its storage period: a bit is never given twice, so a removed credential stays revoked.
const StatusBitSchema = new Schema(
  { schoolId: { type: Schema.Types.ObjectId, required: true }, index: { type: Number, required: true } },
  { versionKey: false }
);
StatusBitSchema.index({ schoolId: 1, index: 1 }, { unique: true });
export const StatusBitModel = mongoose.models.CredentialStatusBit ?? mongoose.model("CredentialStatusBit", StatusBitSchema, "credentialStatusBits");

/** Takes a status bit for a new credential; false when it was ever given before. */
export async function reserveStatusBit({ schoolId, index }: { schoolId: Types.ObjectId; index: number }) {
  try {
    await StatusBitModel.create({ schoolId, index });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) return false;
    throw error;
  }
}

/** The credential with this id, or the CLR that holds a badge with this id (null: not issued here). */
export async function findCredentialRecord({ credentialId }: { credentialId: string }) {
  return IssuedDocumentModel.findOne({ $or: [{ "credential.id": credentialId }, { "credential.parts": credentialId }] }).lean<IssuedDocument>();
}

/** The school's credentials not withdrawn whose bits lie in [from, to): their bit and achievements (the status list decides which hold). */
export async function unwithdrawnCredentials({ schoolId, from, to }: { schoolId: Types.ObjectId | string; from: number; to: number }) {
  return IssuedDocumentModel.find(
    { schoolId, "credential.statusIndex": { $gte: from, $lt: to }, withdrawnAt: null },
    { issuedAt: 1, "credential.statusIndex": 1, "credential.achievementIds": 1 }
  ).lean<{ issuedAt: Date; credential: { statusIndex: number; achievementIds: Types.ObjectId[] } }[]>();
}

/** Withdraws every credential still in force that holds one of these achievements; how many. */
export async function withdrawCredentialsOf({
  schoolId,
  achievementIds,
  withdrawnByName,
  reason,
}: {
  schoolId: Types.ObjectId | string;
  achievementIds: Types.ObjectId[];
  withdrawnByName: string;
  reason: string;
}) {
  const updated = await IssuedDocumentModel.updateMany(
    { schoolId, "credential.achievementIds": { $in: achievementIds }, withdrawnAt: null },
    { $set: { withdrawnAt: new Date(), withdrawnByName, withdrawReason: reason } }
  );
  return updated.modifiedCount;
}

/** The credentials issued for a student (the last 100), newest first. */
export async function listStudentCredentials({ schoolId, studentId }: { schoolId: Types.ObjectId | string; studentId: Types.ObjectId }) {
  return IssuedDocumentModel.find({ schoolId, studentId, kind: { $in: ["badge", "clr"] } })
    .sort({ issuedAt: -1 })
    .limit(100)
    .lean<IssuedDocument[]>();
}
