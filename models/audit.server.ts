import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

export const AUDIT_ACTIONS = ["read", "create", "update", "delete", "download", "export", "login", "logout", "login-failed"] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

// Append-only: this module offers no update, and no delete but the removal of entries past the
// log's storage period (app/archive/retention.server.ts); no route calls the model directly.
const AuditSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", default: null },
    at: { type: Date, required: true, default: () => new Date() },
    userId: { type: Schema.Types.ObjectId, ref: "User", default: null },
    userName: { type: String, default: "" },
    ip: { type: String, default: "" },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    // What was touched: "student", "user", "file", "export"…, with its id and a readable label.
    entity: { type: String, required: true },
    entityId: { type: String, default: "" },
    studentId: { type: Schema.Types.ObjectId, ref: "Student", default: null },
    summary: { type: String, default: "" },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);
AuditSchema.index({ schoolId: 1, at: -1 });
AuditSchema.index({ schoolId: 1, userId: 1, at: -1 });
AuditSchema.index({ schoolId: 1, studentId: 1, at: -1 });

export type AuditEntry = InferSchemaType<typeof AuditSchema> & { _id: Types.ObjectId };

export const AuditModel = mongoose.models.AuditEntry ?? mongoose.model("AuditEntry", AuditSchema, "auditLog");

export type NewAuditEntry = Omit<Partial<AuditEntry>, "_id" | "at"> & Pick<AuditEntry, "action" | "entity">;

export async function appendAudit(entry: NewAuditEntry) {
  await AuditModel.create(entry);
}

export interface AuditFilter {
  userId?: string;
  studentId?: string;
  from?: Date;
  to?: Date;
  action?: AuditAction;
}

function auditQuery(schoolId: Types.ObjectId | string, filter: AuditFilter) {
  const query: Record<string, unknown> = { schoolId };
  if (filter.userId && mongoose.isValidObjectId(filter.userId)) query.userId = filter.userId;
  if (filter.studentId && mongoose.isValidObjectId(filter.studentId)) query.studentId = filter.studentId;
  if (filter.action) query.action = filter.action;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return query;
}

/** The filtered lines, newest first, `skip` of them passed over. */
export async function listAudit(schoolId: Types.ObjectId | string, filter: AuditFilter, { limit, skip = 0 }: { limit: number; skip?: number }) {
  return AuditModel.find(auditQuery(schoolId, filter)).sort({ at: -1, _id: -1 }).skip(skip).limit(limit).lean<AuditEntry[]>();
}

export async function countAudit(schoolId: Types.ObjectId | string, filter: AuditFilter) {
  return AuditModel.countDocuments(auditQuery(schoolId, filter));
}

export async function countAuditBefore(schoolId: Types.ObjectId | string, before: Date) {
  return AuditModel.countDocuments({ schoolId, at: { $lt: before } });
}

/** Entries past the log's storage period, once archived: the only deletion the log allows. */
export async function removeAuditBefore(schoolId: Types.ObjectId | string, before: Date) {
  return (await AuditModel.deleteMany({ schoolId, at: { $lt: before } })).deletedCount;
}
