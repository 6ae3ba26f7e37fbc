import crypto from "node:crypto";
import mongoose, { Schema, type Types } from "mongoose";

// A signed-in browser: the cookie holds a random token, the database its SHA-256 (a copy of this
// collection lets nobody sign in). Any app process reads it; «Выйти» deletes it.
const SessionSchema = new Schema(
  {
    _id: { type: String },
    userId: { type: Schema.Types.ObjectId, ref: "User", required: true },
    // The user's sessionVersion at sign-in: a password change or deactivation outdates the session.
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    // Minutes without a request after which the session ends; null: only the absolute end.
    idleMinutes: { type: Number, default: null },
    // The absolute end; the engine deletes the row after it.
    expiresAt: { type: Date, required: true },
    ip: { type: String, default: "" },
    userAgent: { type: String, default: "" },
  },
  { versionKey: false },
);
SessionSchema.index({ userId: 1 });
SessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const SessionModel = mongoose.models.Session ?? mongoose.model("Session", SessionSchema, "sessions");

/** How long a session may live at all, whoever holds it. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** lastSeenAt is written at most this often: a page's several requests make one write. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionRow {
  _id: string;
  userId: Types.ObjectId;
  version: number;
  createdAt: Date;
  lastSeenAt: Date;
  idleMinutes: number | null;
  expiresAt: Date;
  ip: string;
  userAgent: string;
}

const idOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** A new session; returns the token for the cookie (never stored). */
export async function createSession(
  input: { userId: Types.ObjectId; version: number; idleMinutes: number | null; ip: string; userAgent: string },
  now = new Date(),
): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await SessionModel.create({
    _id: idOf(token),
    userId: input.userId,
    version: input.version,
    createdAt: now,
    lastSeenAt: now,
    idleMinutes: input.idleMinutes,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    ip: input.ip.slice(0, 64),
    userAgent: input.userAgent.slice(0, 300),
  });
  return token;
}

const isLive = (row: SessionRow, now: Date) =>
  row.expiresAt.getTime() > now.getTime() && (row.idleMinutes === null || now.getTime() - row.lastSeenAt.getTime() < row.idleMinutes * 60_000);

/** The live session of a token, marked as seen now; an ended one is deleted and null returned. */
export async function readSession(token: string, now = new Date()): Promise<SessionRow | null> {
  const id = idOf(token);
  const row = await SessionModel.findById(id).lean<SessionRow>();
  if (!row) return null;
  if (!isLive(row, now)) {
    await SessionModel.deleteOne({ _id: id });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await SessionModel.updateOne({ _id: id }, { $max: { lastSeenAt: now } });
  }
  return row;
}

export async function deleteSessionByToken(token: string) {
  await SessionModel.deleteOne({ _id: idOf(token) });
}

/** The id a page may show for a session: a prefix of the stored hash, never the token. */
export const sessionRef = (row: Pick<SessionRow, "_id">) => row._id.slice(0, 16);
export const sessionRefOfToken = (token: string) => idOf(token).slice(0, 16);

/** A user's live sessions, newest first. */
export async function listUserSessions(userId: Types.ObjectId | string, now = new Date()) {
  const rows = await SessionModel.find({ userId }).sort({ lastSeenAt: -1 }).lean<SessionRow[]>();
  return rows.filter((row) => isLive(row, now));
}

/** Ends one session of this user by its shown reference. */
export async function endUserSession(userId: Types.ObjectId | string, ref: string) {
  if (!/^[0-9a-f]{16}$/.test(ref)) return 0;
  const result = await SessionModel.deleteOne({ userId, _id: { $regex: `^${ref}` } });
  return result.deletedCount;
}

/** Ends every session of a user, or every one but the session of `keepToken`. */
export async function endUserSessions(userId: Types.ObjectId | string, keepToken?: string) {
  const filter: Record<string, unknown> = { userId };
  if (keepToken) filter._id = { $ne: idOf(keepToken) };
  const result = await SessionModel.deleteMany(filter);
  return result.deletedCount;
}
