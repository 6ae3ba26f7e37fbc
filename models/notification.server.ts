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

/**
 * A notice whose letter is being sent. `letter.dueAt` is when it was taken until: what this taking
 * writes after the sending holds only while that has not changed (another process took it since).
 */
export type LetterDue = Pick<Notification, "_id" | "userId" | "kind" | "text" | "link"> & { letter: { firstName: string; tries: number; dueAt: Date } };

/**
 * The letter due longest by `now`, taken until `takenUntil` — no other process sends it meanwhile,
 * and if this one stops, it is due again then — with its try counted; null when none is due.
 */
export async function takeDueLetter({ now, takenUntil }: { now: Date; takenUntil: Date }) {
  return NotificationModel.findOneAndUpdate(
    { "letter.dueAt": { $lte: now } },
    { $set: { "letter.dueAt": takenUntil }, $inc: { "letter.tries": 1 } },
    { sort: { "letter.dueAt": 1 }, returnDocument: "after", projection: { userId: 1, kind: 1, text: 1, link: 1, letter: 1 } },
  ).lean<LetterDue>();
}

/** Only while the letter is still as this taking left it. */
const stillTaken = (due: LetterDue) => ({ _id: due._id, "letter.dueAt": due.letter.dueAt });

/**
 * The letter is done with: sent (`sentAt`), given up (`failedAt`), or neither (its person no longer
 * takes letters). False when another process had taken it over meanwhile.
 */
export async function endLetter(due: LetterDue, end: { sentAt?: Date; failedAt?: Date }) {
  const $set = Object.fromEntries(Object.entries(end).map(([field, at]) => [`letter.${field}`, at]));
  const ended = await NotificationModel.updateOne(stillTaken(due), Object.keys($set).length ? { $unset: { "letter.dueAt": "" }, $set } : { $unset: { "letter.dueAt": "" } });
  return ended.modifiedCount === 1;
}

/** The letter is to be tried again at `dueAt`; false when another process had taken it over meanwhile. */
export async function retryLetterAt(due: LetterDue, dueAt: Date) {
  const put = await NotificationModel.updateOne(stillTaken(due), { $set: { "letter.dueAt": dueAt } });
  return put.modifiedCount === 1;
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
