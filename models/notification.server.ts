import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

// What a person is told in the app (the bell): one line each, with where to look; read once opened.
export const NOTIFICATION_KINDS = ["extract-issued", "extract-refused", "achievement-verified", "achievement-refused", "proposal-received", "credit-decided", "credit-received"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const NotificationSchema = new Schema(
  {
    schoolId: { type: Schema.Types.ObjectId, ref: "School", required: true },
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    text: { type: String, required: true, maxlength: 500 },
    /** A page of the registry («/family/…/extracts»). */
    link: { type: String, required: true, maxlength: 300 },
    createdAt: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { versionKey: false },
);
NotificationSchema.index({ userId: 1, createdAt: -1 });
NotificationSchema.index({ userId: 1, readAt: 1 });

export type Notification = InferSchemaType<typeof NotificationSchema> & { _id: Types.ObjectId };
export const NotificationModel = mongoose.models.Notification ?? mongoose.model("Notification", NotificationSchema, "notifications");

export async function insertNotifications(notifications: Omit<Notification, "_id" | "readAt">[]) {
  if (notifications.length) await NotificationModel.insertMany(notifications);
}

export async function countUnread(userId: Types.ObjectId | string) {
  return NotificationModel.countDocuments({ userId, readAt: null });
}

/** A person's latest notifications, newest first. */
export async function listNotifications(userId: Types.ObjectId | string, limit = 100) {
  return NotificationModel.find({ userId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<Notification[]>();
}

export async function markAllRead(userId: Types.ObjectId | string, at: Date) {
  await NotificationModel.updateMany({ userId, readAt: null }, { $set: { readAt: at } });
}
