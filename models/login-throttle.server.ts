import mongoose, { Schema } from "mongoose";

// Sign-in throttling, shared by every app process: per login, the attempts since its last success
// (counted before the password is checked) and a lock; per address, the moments of its recent
// failures (a sliding window). Each row forgets itself a day after its last change.
const ThrottleSchema = new Schema(
  {
    key: { type: String, required: true },
    failures: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    failedAt: { type: [Date], default: [] },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
ThrottleSchema.index({ key: 1 }, { unique: true });
ThrottleSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const ThrottleModel = mongoose.models.LoginThrottle ?? mongoose.model("LoginThrottle", ThrottleSchema, "loginThrottle");

const DAY_MS = 24 * 3600_000;

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

/**
 * Counts one attempt for a login atomically, before its password is checked, so that attempts sent
 * in parallel each see their own number. A lock that has run out starts a fresh count.
 */
export async function countAttempt(key: string, now = new Date()): Promise<ThrottleState> {
  await ThrottleModel.updateOne({ key, lockedUntil: { $lte: now } }, { $set: { failures: 0, lockedUntil: null } });
  const row = await ThrottleModel.findOneAndUpdate(
    { key },
    { $inc: { failures: 1 }, $set: { expiresAt: new Date(now.getTime() + DAY_MS) } },
    { upsert: true, returnDocument: "after" },
  ).lean<{ failures: number; lockedUntil: Date | null }>();
  return { failures: row!.failures, lockedUntil: row!.lockedUntil };
}

export async function lockKey(key: string, until: Date) {
  await ThrottleModel.updateOne({ key, lockedUntil: null }, { $set: { lockedUntil: until } });
}

export async function clearThrottle(key: string) {
  await ThrottleModel.deleteOne({ key });
}

/** One failure of an address; only the newest `keep` moments are kept (enough to judge the window). */
export async function recordFailure(key: string, keep: number, now = new Date()) {
  await ThrottleModel.updateOne(
    { key },
    { $push: { failedAt: { $each: [now], $slice: -keep } }, $set: { expiresAt: new Date(now.getTime() + DAY_MS) } },
    { upsert: true },
  );
}

/** The moments of an address's failures since `since`, oldest first. */
export async function failuresSince(key: string, since: Date): Promise<Date[]> {
  const row = await ThrottleModel.findOne({ key }, { failedAt: 1 }).lean<{ failedAt?: Date[] }>();
  return (row?.failedAt ?? []).filter((moment) => moment.getTime() > since.getTime());
}
