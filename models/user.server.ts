import { hash, verify } from "@node-rs/argon2";
import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ROLES, type Role } from "~models/vocabulary/roles";
import { endUserSessions } from "./session.server";

const UserSchema = new Schema(
  {
    // Absent only for municipal specialists, who work across schools.
    schoolId: { type: Schema.Types.ObjectId, ref: "School", default: null },
    login: { type: String, required: true, trim: true, lowercase: true, match: /^[a-z0-9._-]{3,40}$/ },
    passwordHash: { type: String, required: true, select: false },
    lastName: { type: String, required: true, trim: true },
    firstName: { type: String, required: true, trim: true },
    middleName: { type: String, trim: true, default: "" },
    roles: { type: [String], enum: ROLES, required: true, validate: (v: string[]) => v.length > 0 },
    // For a student's own login: whose record it is.
    studentId: { type: Schema.Types.ObjectId, ref: "Student", default: null },
    active: { type: Boolean, default: true },
    mustChangePassword: { type: Boolean, default: false },
    // Bumped on deactivation and password change: every session cookie made before stops working.
    sessionVersion: { type: Number, default: 0 },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true },
);
UserSchema.index({ login: 1 }, { unique: true });
UserSchema.index({ schoolId: 1, roles: 1 });
UserSchema.pre("validate", function () {
  if (!this.schoolId && !(this.roles.length === 1 && this.roles[0] === "municipal")) {
    this.invalidate("schoolId", "Пользователь школы должен быть привязан к школе");
  }
});

export type User = Omit<InferSchemaType<typeof UserSchema>, "roles"> & { _id: Types.ObjectId; roles: Role[] };
export type PublicUser = Omit<User, "passwordHash">;

export const UserModel = mongoose.models.User ?? mongoose.model("User", UserSchema);

export const hashPassword = (password: string) => hash(password);

export const MIN_PASSWORD_LENGTH = 8;

/** The user if login and password match an active account, else null (the caller says why). */
export async function verifyLogin(login: string, password: string) {
  const user = await UserModel.findOne({ login: login.trim().toLowerCase() }).select("+passwordHash").lean<User>();
  if (!user) {
    // Same work as a real check, so a wrong login takes as long as a wrong password.
    await verify("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo", password).catch(() => false);
    return null;
  }
  const ok = await verify(user.passwordHash, password).catch(() => false);
  if (!ok) return null;
  const { passwordHash: _omit, ...rest } = user;
  return rest as PublicUser;
}

export async function getUserById(userId: string) {
  if (!mongoose.isValidObjectId(userId)) return null;
  return UserModel.findById(userId).lean<PublicUser>();
}

export async function getUserInSchool(schoolId: Types.ObjectId | string, userId: string) {
  if (!mongoose.isValidObjectId(userId)) return null;
  return UserModel.findOne({ _id: userId, schoolId }).lean<PublicUser>();
}

export async function listUsers(schoolId: Types.ObjectId | string, filter: { role?: Role; q?: string } = {}) {
  const query: Record<string, unknown> = { schoolId };
  if (filter.role) query.roles = filter.role;
  if (filter.q) {
    const pattern = new RegExp(filter.q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    query.$or = [{ lastName: pattern }, { firstName: pattern }, { login: pattern }];
  }
  return UserModel.find(query)
    .sort({ lastName: 1, firstName: 1 })
    .collation({ locale: "ru" })
    .limit(500)
    .lean<PublicUser[]>();
}

export async function setPassword(userId: Types.ObjectId | string, password: string, mustChange: boolean) {
  const passwordHash = await hashPassword(password);
  await UserModel.updateOne(
    { _id: userId },
    { $set: { passwordHash, mustChangePassword: mustChange }, $inc: { sessionVersion: 1 } },
  );
  await endUserSessions(userId);
}

export async function setActive(schoolId: Types.ObjectId | string, userId: Types.ObjectId | string, active: boolean) {
  const result = await UserModel.updateOne({ _id: userId, schoolId }, { $set: { active }, $inc: { sessionVersion: 1 } });
  if (result.matchedCount) await endUserSessions(userId);
  return result;
}

export async function recordLogin(userId: Types.ObjectId | string) {
  await UserModel.updateOne({ _id: userId }, { $set: { lastLoginAt: new Date() } });
}
