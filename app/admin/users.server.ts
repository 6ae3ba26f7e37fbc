// Creating and changing accounts: one place for the rules, used by the admin pages, the list
// import and the user:create CLI. Every change goes to the audit log with before and after.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { RefusedByRule } from "~/http/refusals";
import type { Role } from "~models/vocabulary/roles";
import { appendAudit } from "~models/audit.server";
import { setClassTeacher, setSubjectTeaching } from "~models/class.server";
import { setRepresentative, studentExists } from "~models/student.server";
import { hashPassword, insertUser, isLoginTaken, linkUserToStudent, setActive, setPassword, updateUserProfile, type PublicUser } from "~models/user.server";
import { isRecordId } from "~/forms";


/** A password a person can read off a screen and type: no look-alike characters. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = crypto.randomBytes(10);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

export interface UserDraft {
  login: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  roles: Role[];
  password: string;
  mustChangePassword: boolean;
}

const publicFields = (u: { login: string; lastName: string; firstName: string; middleName?: string | null; roles: string[]; active?: boolean }) => ({
  login: u.login, lastName: u.lastName, firstName: u.firstName, middleName: u.middleName ?? "", roles: u.roles, active: u.active ?? true,
});

export async function loginTaken(login: string) {
  return isLoginTaken({ login });
}

/** Creates an account in a school (or a municipal one with schoolId null). */
export async function createUser(schoolId: Types.ObjectId | null, draft: UserDraft, by: { request: Request; user: PublicUser } | null) {
  if (await loginTaken(draft.login)) throw new RefusedByRule("Этот логин уже занят", "login");
  const passwordHash = await hashPassword(draft.password);
  let created;
  try {
    created = await insertUser({
      schoolId: draft.roles.includes("municipal") ? null : schoolId,
      user: {
        login: draft.login,
        lastName: draft.lastName,
        firstName: draft.firstName,
        middleName: draft.middleName ?? "",
        roles: draft.roles,
        passwordHash,
        mustChangePassword: draft.mustChangePassword,
      },
    });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new RefusedByRule("Этот логин уже занят", "login");
    throw error;
  }
  const entry = { action: "create" as const, entity: "user", entityId: String(created._id), summary: `создана учётная запись ${draft.login}`, after: publicFields(draft) };
  if (by) await audit(by.request, by.user, entry);
  else await appendAudit({ ...entry, schoolId, userName: "командная строка" });
  return created;
}

export async function updateUserFields(
  request: Request,
  admin: PublicUser,
  target: PublicUser,
  fields: { lastName: string; firstName: string; middleName: string; roles: Role[] },
) {
  if (String(target._id) === String(admin._id) && !fields.roles.includes("admin")) {
    throw new RefusedByRule("Нельзя снять с себя роль администратора", "roles");
  }
  await updateUserProfile({ schoolId: admin.schoolId as Types.ObjectId, userId: target._id, fields });
  await audit(request, admin, { action: "update", entity: "user", entityId: String(target._id), summary: `изменены данные ${target.login}`, before: publicFields(target), after: publicFields({ ...target, ...fields }) });
}

export async function setUserActive(request: Request, admin: PublicUser, target: PublicUser, active: boolean) {
  if (String(target._id) === String(admin._id)) throw new RefusedByRule("Нельзя отключить собственную учётную запись");
  await setActive(admin.schoolId as Types.ObjectId, target._id, active);
  await audit(request, admin, { action: "update", entity: "user", entityId: String(target._id), summary: `${active ? "включена" : "отключена"} учётная запись ${target.login}`, before: { active: target.active }, after: { active } });
}

/** A new temporary password, to be changed at next sign-in; every open session of the user ends. */
export async function resetPassword(request: Request, admin: PublicUser, target: PublicUser) {
  const password = temporaryPassword();
  await setPassword(target._id, password, true);
  await audit(request, admin, { action: "update", entity: "user", entityId: String(target._id), summary: `сброшен пароль ${target.login}` });
  return password;
}

/** Links a parent to a child of the same school (legal representative). */
export async function linkChild(request: Request, admin: PublicUser, parent: PublicUser, studentId: string, link: boolean) {
  if (!parent.roles.includes("parent")) throw new RefusedByRule("Привязать ребёнка можно только к учётной записи родителя");
  if (!isRecordId(studentId)) throw new RefusedByRule("Выберите обучающегося", "studentId");
  const found = await setRepresentative({ schoolId: admin.schoolId as Types.ObjectId, studentId, parentId: parent._id, represents: link });
  if (!found) throw new RefusedByRule("Обучающийся не найден", "studentId");
  await audit(request, admin, { action: "update", entity: "student", entityId: studentId, studentId: found, summary: `${link ? "привязан" : "отвязан"} законный представитель ${parent.login}` });
}

/** A student's own login: which record it opens. */
export async function setStudentOfUser(request: Request, admin: PublicUser, target: PublicUser, studentId: string) {
  if (!target.roles.includes("student")) throw new RefusedByRule("Это не учётная запись обучающегося");
  if (!(await studentExists({ schoolId: admin.schoolId as Types.ObjectId, studentId }))) {
    throw new RefusedByRule("Обучающийся не найден", "studentId");
  }
  await linkUserToStudent({ schoolId: admin.schoolId as Types.ObjectId, userId: target._id, studentId });
  await audit(request, admin, { action: "update", entity: "user", entityId: String(target._id), summary: `учётная запись ${target.login} связана с личным делом`, before: { studentId: target.studentId }, after: { studentId } });
}

/** Class teacher of a class, or subject teacher of a subject in a class (this school only). */
export async function assignTeaching(
  request: Request,
  admin: PublicUser,
  teacher: PublicUser,
  change: { kind: "classTeacher"; classId: string; on: boolean } | { kind: "subject"; classId: string; subjectId: string; on: boolean },
) {
  if (!isRecordId(change.classId)) throw new RefusedByRule("Выберите класс", "classId");
  const role = change.kind === "classTeacher" ? "classTeacher" : "teacher";
  if (!teacher.roles.includes(role)) {
    throw new RefusedByRule(change.kind === "classTeacher" ? "Сначала дайте роль «Классный руководитель»" : "Сначала дайте роль «Учитель-предметник»");
  }
  const schoolId = admin.schoolId as Types.ObjectId;
  let found: boolean;
  if (change.kind === "classTeacher") {
    // Taking the class away only from its own class teacher: someone else's stays.
    found = await setClassTeacher({ schoolId, classId: change.classId, teacherId: teacher._id, leads: change.on });
  } else {
    if (!isRecordId(change.subjectId)) throw new RefusedByRule("Выберите предмет", "subjectId");
    found = await setSubjectTeaching({ schoolId, classId: change.classId, teacherId: teacher._id, subjectId: change.subjectId, teaches: change.on });
  }
  if (!found) throw new RefusedByRule("Класс не найден", "classId");
  await audit(request, admin, { action: "update", entity: "class", entityId: change.classId, summary: `${change.on ? "назначен" : "снят"} ${change.kind === "classTeacher" ? "классный руководитель" : "учитель предмета"} ${teacher.login}` });
}
