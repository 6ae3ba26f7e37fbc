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
    // Where notifications are also sent, when the school has an SMTP server; the person sets it and may turn mail off.
    email: { type: String, trim: true, lowercase: true, default: "", maxlength: 200 },
    emailNotifications: { type: Boolean, default: true },
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

/** The account with this login (logins are unique in the installation), or null: for the tools and tests, without the password. */
export async function getUserByLogin({ login }: { login: string }) {
  return UserModel.findOne({ login }).lean<PublicUser>();
}

export interface NewUser {
  login: string;
  roles: Role[];
  lastName: string;
  firstName: string;
  middleName?: string;
  passwordHash: string;
  studentId?: Types.ObjectId | null;
  mustChangePassword?: boolean;
}

const publicOf = (user: User): PublicUser => {
  const { passwordHash: _omit, ...rest } = user;
  return rest;
};

/** New accounts of a school in one write, in this order (the seeds); their public fields back. */
export async function insertUsers({ schoolId, users }: { schoolId: Types.ObjectId; users: NewUser[] }) {
  const created = await UserModel.insertMany(users.map((u) => ({ ...u, schoolId })));
  return created.map((doc) => publicOf(doc.toObject() as User));
}

/** The account with this login, made with these fields if there is none yet; one made earlier stays as it is. */
export async function ensureUser({ schoolId, login, user }: { schoolId: Types.ObjectId | null; login: string; user: Omit<NewUser, "login"> }) {
  const found = await UserModel.findOneAndUpdate({ login }, { $setOnInsert: { login, schoolId, ...user } }, { upsert: true, returnDocument: "after" }).lean<PublicUser>();
  return found!;
}

/** Every account of the installation, the municipal ones too. */
export async function countAllUsers() {
  return UserModel.countDocuments();
}

/** The roles some account of the installation holds. */
export async function listRolesInUse() {
  return (await UserModel.distinct("roles")) as Role[];
}

/** Whether some account of the installation has this login (logins are unique across schools). */
export async function isLoginTaken({ login }: { login: string }) {
  return (await UserModel.exists({ login: login.toLowerCase() })) !== null;
}

/** Which of these logins some account of the installation has already. */
export async function listTakenLogins({ logins }: { logins: string[] }) {
  const taken = await UserModel.find({ login: { $in: logins } }, { login: 1 }).lean<{ login: string }[]>();
  return taken.map((t) => t.login);
}

/** A new account (of a school, or a municipal one with schoolId null); its public fields back. Throws the driver's 11000 if the login is taken. */
export async function insertUser({ schoolId, user }: { schoolId: Types.ObjectId | null; user: NewUser }) {
  const created = await UserModel.create({ schoolId, ...user });
  return publicOf(created.toObject() as User);
}

/**
 * New accounts of a school, all or none: one ordered insert; if any of them fails (a login taken
 * in the meantime), the ones already written are removed again and the error is thrown.
 */
export async function insertUsersAllOrNone({ schoolId, users }: { schoolId: Types.ObjectId; users: NewUser[] }) {
  // Ids made here, so that a rollback removes exactly what this batch wrote.
  const docs = users.map((u) => ({ _id: new mongoose.Types.ObjectId(), schoolId, ...u }));
  try {
    await UserModel.insertMany(docs, { ordered: true });
  } catch (error) {
    await UserModel.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    throw error;
  }
}

/** An account's names and roles, for an account of this school only. */
export async function updateUserProfile({ schoolId, userId, fields }: { schoolId: Types.ObjectId | string; userId: Types.ObjectId; fields: Pick<User, "lastName" | "firstName" | "middleName" | "roles"> }) {
  await UserModel.updateOne({ _id: userId, schoolId }, { $set: fields });
}

/** A student's own account: which personal file of this school it opens. */
export async function linkUserToStudent({ schoolId, userId, studentId }: { schoolId: Types.ObjectId | string; userId: Types.ObjectId; studentId: string }) {
  await UserModel.updateOne({ _id: userId, schoolId }, { $set: { studentId } });
}

export type UserName = Pick<User, "_id" | "lastName" | "firstName" | "middleName">;

/** The names of the given accounts of the school (in no particular order). */
export async function listUserNames({ schoolId, userIds }: { schoolId: Types.ObjectId | string; userIds: (Types.ObjectId | string)[] }) {
  if (userIds.length === 0) return []; // no round trip for nobody
  return UserModel.find({ schoolId, _id: { $in: userIds } }, { lastName: 1, firstName: 1, middleName: 1 }).lean<UserName[]>();
}

export type AccountFacts = Pick<User, "_id" | "login" | "lastName" | "firstName" | "middleName" | "roles" | "studentId" | "active" | "mustChangePassword" | "lastLoginAt">;
const ACCOUNT_FACTS = { login: 1, lastName: 1, firstName: 1, middleName: 1, roles: 1, studentId: 1, active: 1, mustChangePassword: 1, lastLoginAt: 1 } as const;

/** The own accounts of the given students of the school (a student's login opens their record). */
export async function listStudentAccounts({ schoolId, studentIds }: { schoolId: Types.ObjectId | string; studentIds: (Types.ObjectId | string)[] }) {
  return UserModel.find({ schoolId, studentId: { $in: studentIds } }, ACCOUNT_FACTS).lean<AccountFacts[]>();
}

/** The given accounts of the school, without their passwords. */
export async function listAccounts({ schoolId, userIds }: { schoolId: Types.ObjectId | string; userIds: (Types.ObjectId | string)[] }) {
  return UserModel.find({ schoolId, _id: { $in: userIds } }, ACCOUNT_FACTS).lean<AccountFacts[]>();
}

/**
 * An account made under an id chosen beforehand (the family's accounts): made once, a second run
 * finds it there. Throws the driver's 11000 if the login is taken by another account.
 */
export async function ensureAccountWithId({ schoolId, userId, user }: { schoolId: Types.ObjectId; userId: Types.ObjectId | string; user: NewUser }) {
  await UserModel.updateOne({ _id: userId }, { $setOnInsert: { schoolId, ...user } }, { upsert: true });
}

/** A person's mail for notifications and whether they want it. */
export async function setNotificationMail(userId: Types.ObjectId | string, { email, on }: { email: string; on: boolean }) {
  await UserModel.updateOne({ _id: userId }, { $set: { email, emailNotifications: on } });
}

/** Who of these accounts is active, with their name and mail for a notification. */
export async function listRecipients(userIds: (Types.ObjectId | string)[]) {
  return UserModel.find({ _id: { $in: userIds }, active: true }, { schoolId: 1, firstName: 1, email: 1, emailNotifications: 1 }).lean<Pick<User, "_id" | "schoolId" | "firstName" | "email" | "emailNotifications">[]>();
}

/** The accounts of a school holding a role (the administration, say), active ones. */
export async function listUserIdsWithRole(schoolId: Types.ObjectId | string, role: Role) {
  return (await UserModel.find({ schoolId, roles: role, active: true }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((u) => u._id);
}

/** A student's own account, if there is one. */
export async function studentAccountIds(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string) {
  return (await UserModel.find({ schoolId, studentId, active: true }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((u) => u._id);
}
