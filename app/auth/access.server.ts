import type { Types } from "mongoose";
import { getCurrentYear } from "~models/academic-year.server";
import { findClasses, getClass, listClassesOfTeacher } from "~models/class.server";
import { listChildIds, listStudentIdsOfClasses } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { can, type Permission } from "./permissions";
import { requireUser } from "./session.server";

/** 404 for anything the asker may not see: indistinguishable from a page that does not exist. */
export function notFound(): never {
  throw new Response("Не найдено", { status: 404, statusText: "Not Found" });
}

/** The first line of every protected loader and action. */
export async function requireUserWithPermission(request: Request, permission: Permission) {
  const user = await requireUser(request);
  if (!can(user.roles, permission)) notFound();
  return user as PublicUser & { schoolId: Types.ObjectId | null };
}

/** A school user (every role but municipal): their school's id. */
export function schoolOf(user: PublicUser): Types.ObjectId {
  if (!user.schoolId) notFound();
  return user.schoolId as Types.ObjectId;
}

/** The classes of the current year a staff member works with; null for the whole school. */
export async function reachableClassIds(user: PublicUser): Promise<Types.ObjectId[] | null> {
  if (user.roles.some((r) => r === "admin" || r === "specialist" || r === "archivist")) return null;
  const schoolId = schoolOf(user);
  const year = await getCurrentYear(schoolId);
  if (!year) return [];
  const classes = await listClassesOfTeacher(schoolId, year._id, user._id, {
    classTeacher: user.roles.includes("classTeacher"),
    subjectTeacher: user.roles.includes("teacher"),
  });
  return classes.map((c) => c._id);
}

/**
 * The students a user may read, as ids; null means the whole school. Class and subject teachers:
 * the students of their classes this year; parents: their children; a student: themself.
 */
export async function reachableStudentIds(user: PublicUser): Promise<Types.ObjectId[] | null> {
  const schoolId = schoolOf(user);
  if (user.roles.includes("parent")) {
    return listChildIds({ schoolId, parentId: user._id });
  }
  if (user.roles.includes("student")) return user.studentId ? [user.studentId as Types.ObjectId] : [];
  const classIds = await reachableClassIds(user);
  return classIds === null ? null : listStudentIdsOfClasses({ schoolId, classIds });
}

/** The classes of the current year a user is responsible for: the admin all (null), a class teacher theirs. */
export async function ledClassIds(user: PublicUser): Promise<Types.ObjectId[]> {
  const schoolId = schoolOf(user);
  const year = await getCurrentYear(schoolId);
  if (!year) return [];
  if (user.roles.includes("admin")) return (await findClasses({ schoolId, yearId: year._id })).map((c) => c._id);
  if (!user.roles.includes("classTeacher")) return [];
  return (await listClassesOfTeacher(schoolId, year._id, user._id, { classTeacher: true, subjectTeacher: false })).map((c) => c._id);
}

/** A class this user is responsible for (their own this year; any of this year for the admin), else 404. */
export async function ledClass(user: PublicUser, classId: string) {
  const schoolClass = await getClass(schoolOf(user), classId);
  if (!schoolClass || !includesId(await ledClassIds(user), schoolClass._id)) notFound();
  return schoolClass;
}

/** The students whose support (risk group, individual route) a user handles: specialists and the admin all, a class teacher their class. */
export async function supportStudentIds(user: PublicUser): Promise<Types.ObjectId[] | null> {
  if (user.roles.includes("specialist")) return null;
  return verifiableStudentIds(user);
}

/** The students whose achievements a user may verify: the admin all, a class teacher their own class. */
export async function verifiableStudentIds(user: PublicUser): Promise<Types.ObjectId[] | null> {
  if (user.roles.includes("admin")) return null;
  return listStudentIdsOfClasses({ schoolId: schoolOf(user), classIds: await ledClassIds(user) });
}

/** A parent who is this student's legal representative (seed 004 §6.3: who may ask on the child's behalf). */
export const isRepresentative = (user: PublicUser, student: { representativeIds: unknown[] }) =>
  user.roles.includes("parent") && includesId(student.representativeIds as Types.ObjectId[], user._id as Types.ObjectId);

export const includesId = (ids: Types.ObjectId[] | null, id: Types.ObjectId | string) => ids === null || ids.some((x) => String(x) === String(id));
