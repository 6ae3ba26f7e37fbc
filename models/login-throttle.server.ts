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

export async function readThrottle(keys: string[]): Promise<ThrottleState[]> {
  const rows = await ThrottleModel.find({ key: { $in: keys } }).lean<{ key: string; failures: number; lockedUntil: Date | null }[]>();
  return keys.map((key) => rows.find((r) => r.key === key) ?? { failures: 0, lockedUntil: null });
}

/** Counts one failure atomically and locks the key when `lockAfter` is reached. */
export async function recordFailure(key: string, lockAfter: number, lockMs: number): Promise<ThrottleState> {
  const now = Date.now();
  const row = await ThrottleModel.findOneAndUpdate(
    { key },
    { $inc: { failures: 1 }, $set: { expiresAt: new Date(now + 24 * 3600_000) } },
    { upsert: true, new: true },
  ).lean<{ failures: number; lockedUntil: Date | null }>();
  if (row!.failures >= lockAfter) {
    const lockedUntil = new Date(now + lockMs);
    await ThrottleModel.updateOne({ key }, { $set: { lockedUntil, failures: 0 } });
    return { failures: row!.failures, lockedUntil };
  }
  return { failures: row!.failures, lockedUntil: row!.lockedUntil };
}

export async function clearThrottle(key: string) {
  await ThrottleModel.deleteOne({ key });
}
