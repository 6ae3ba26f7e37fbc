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
    // Its letter, when its person gets letters: kept until sent, so that a mail server that is down
    // or a process that stops loses none (app/notify/notify.server.ts tries again).
    letter: {
      type: {
        _id: false,
        /** The child's first name: all a letter says of them. */
        firstName: { type: String, default: "", maxlength: 100 },
        /** When it is to be tried (again); none once sent or given up. */
        dueAt: { type: Date },
        tries: { type: Number, default: 0 },
        sentAt: { type: Date },
        failedAt: { type: Date },
      },
      default: undefined,
    },
  },
  { versionKey: false },
);
NotificationSchema.index({ userId: 1, createdAt: -1 });
NotificationSchema.index({ userId: 1, readAt: 1 });
NotificationSchema.index({ "letter.dueAt": 1 }, { partialFilterExpression: { "letter.dueAt": { $exists: true } } });

export type Notification = InferSchemaType<typeof NotificationSchema> & { _id: Types.ObjectId };
export const NotificationModel = mongoose.models.Notification ?? mongoose.model("Notification", NotificationSchema, "notifications");

export async function insertNotifications(notifications: (Omit<Notification, "_id" | "readAt" | "letter"> & { letter?: { firstName: string; dueAt: Date } })[]) {
  if (notifications.length) await NotificationModel.insertMany(notifications);
}

/** A notice whose letter is being sent. */
export type LetterDue = Pick<Notification, "_id" | "userId" | "kind" | "text" | "link"> & { letter: { firstName: string; tries: number } };

/**
 * The letter due longest by `now`, taken until `takenUntil` — no other process sends it meanwhile,
 * and if this one stops, it is due again then — with its try counted; null when none is due.
 */
export async function takeDueLetter({ now, takenUntil }: { now: Date; takenUntil: Date }) {
  return NotificationModel.findOneAndUpdate(
    { "letter.dueAt": { $lte: now } },
    { $set: { "letter.dueAt": takenUntil }, $inc: { "letter.tries": 1 } },
    { sort: { "letter.dueAt": 1 }, new: true, projection: { userId: 1, kind: 1, text: 1, link: 1, letter: 1 } },
  ).lean<LetterDue>();
}

/** The letter is done with: sent (`sentAt`), given up (`failedAt`), or neither (its person no longer takes letters). */
export async function endLetter(notificationId: Types.ObjectId, end: { sentAt?: Date; failedAt?: Date }) {
  const $set = Object.fromEntries(Object.entries(end).map(([field, at]) => [`letter.${field}`, at]));
  await NotificationModel.updateOne({ _id: notificationId }, Object.keys($set).length ? { $unset: { "letter.dueAt": "" }, $set } : { $unset: { "letter.dueAt": "" } });
}

export async function retryLetterAt(notificationId: Types.ObjectId, dueAt: Date) {
  await NotificationModel.updateOne({ _id: notificationId }, { $set: { "letter.dueAt": dueAt } });
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
