import mongoose, { Schema } from "mongoose";

// Failed sign-ins counted per login and per address: slowed after a few, locked after more.
const ThrottleSchema = new Schema(
  {
    key: { type: String, required: true },
    failures: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    // The record forgets itself a day after the last failure.
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
ThrottleSchema.index({ key: 1 }, { unique: true });
ThrottleSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const ThrottleModel = mongoose.models.LoginThrottle ?? mongoose.model("LoginThrottle", ThrottleSchema, "loginThrottle");

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

/**
 * Counts one attempt atomically, before its password is checked, so that attempts sent in
 * parallel each see their own number. A lock that has run out starts a fresh count.
 */
export async function countAttempt(key: string): Promise<ThrottleState> {
  const now = new Date();
  await ThrottleModel.updateOne({ key, lockedUntil: { $lte: now } }, { $set: { failures: 0, lockedUntil: null } });
  const row = await ThrottleModel.findOneAndUpdate(
    { key },
    { $inc: { failures: 1 }, $set: { expiresAt: new Date(now.getTime() + 24 * 3600_000) } },
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
