// The administration's changes to the classes of the current year: a new class, its class teacher,
// its subject teachers, and its removal while nobody is enrolled. The same model functions as the
// account page (models/class.server.ts); every change goes to the audit log with before and after.
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { RefusedByRule } from "~/http/refusals";
import { getCurrentYear } from "~models/academic-year.server";
import { className, createClass, deleteClass, setClassTeacher, setSubjectTeaching, type SchoolClass } from "~models/class.server";
import { countStudentsByClass, fullName } from "~models/student.server";
import { getSubject, listSubjects } from "~models/subject.server";
import { getUserInSchool, listUserNames, listUsers, type PublicUser } from "~models/user.server";
import type { Role } from "~models/vocabulary/roles";

type Admin = PublicUser & { schoolId: Types.ObjectId | null };

const schoolIdOf = (admin: Admin) => admin.schoolId as Types.ObjectId;

/** The active accounts of the school holding a role, by name: who may lead a class or teach in it. */
export async function staffWithRole(schoolId: Types.ObjectId, role: Role) {
  const users = await listUsers(schoolId, { role });
  return users.filter((u) => u.active).map((u) => ({ id: String(u._id), name: fullName(u) }));
}

/** An active account of the school holding the role, or a refusal beside `field`. */
async function staffMember(schoolId: Types.ObjectId, userId: string, role: Role, field: string) {
  const user = await getUserInSchool(schoolId, userId);
  if (!user || !user.active) throw new RefusedByRule("Сотрудник не найден", field);
  if (!user.roles.includes(role)) {
    throw new RefusedByRule(role === "classTeacher" ? "У сотрудника нет роли «Классный руководитель»" : "У сотрудника нет роли «Учитель-предметник»", field);
  }
  return user;
}

/** Only the classes of the current year change: a past year's stays as it was. */
async function requireCurrent(schoolClass: SchoolClass) {
  const year = await getCurrentYear(schoolClass.schoolId);
  if (!year || String(year._id) !== String(schoolClass.yearId)) throw new RefusedByRule("Класс прошлого учебного года не меняется");
  return year;
}

/** A new class of the current year; refused if the year has it already. */
export async function addClass(request: Request, admin: Admin, input: { grade: number; letter: string; classTeacherId?: string }) {
  const schoolId = schoolIdOf(admin);
  const year = await getCurrentYear(schoolId);
  if (!year) throw new RefusedByRule("Текущий учебный год не задан: сначала откройте его");
  const teacher = input.classTeacherId ? await staffMember(schoolId, input.classTeacherId, "classTeacher", "classTeacherId") : null;
  const name = className(input);
  const created = await createClass({ schoolId, yearId: year._id, grade: input.grade, letter: input.letter, classTeacherId: teacher?._id ?? null });
  if (!created) throw new RefusedByRule(`Класс ${name} в ${year.name} учебном году уже есть`);
  await audit(request, admin, {
    action: "create",
    entity: "class",
    entityId: String(created._id),
    summary: `создан ${name} класс (${year.name})`,
    after: { класс: name, год: year.name, классныйРуководитель: teacher ? `${fullName(teacher)} (${teacher.login})` : null },
  });
  return created;
}

/** The class teacher of a class: another one, or none. */
export async function changeClassTeacher(request: Request, admin: Admin, schoolClass: SchoolClass, teacherId: string | undefined) {
  await requireCurrent(schoolClass);
  const schoolId = schoolIdOf(admin);
  const classId = String(schoolClass._id);
  const before = schoolClass.classTeacherId ? String(schoolClass.classTeacherId) : null;
  if (teacherId) {
    const teacher = await staffMember(schoolId, teacherId, "classTeacher", "teacherId");
    if (!(await setClassTeacher({ schoolId, classId, teacherId: teacher._id, leads: true }))) throw new RefusedByRule("Класс не найден");
    await audit(request, admin, { action: "update", entity: "class", entityId: classId, summary: `классный руководитель ${className(schoolClass)} класса — ${teacher.login}`, before: { classTeacherId: before }, after: { classTeacherId: String(teacher._id) } });
    return fullName(teacher);
  }
  if (schoolClass.classTeacherId) {
    // Taken only from the class teacher the page showed: one set meanwhile by someone else stays.
    await setClassTeacher({ schoolId, classId, teacherId: schoolClass.classTeacherId, leads: false });
    await audit(request, admin, { action: "update", entity: "class", entityId: classId, summary: `снят классный руководитель ${className(schoolClass)} класса`, before: { classTeacherId: before }, after: { classTeacherId: null } });
  }
  return null;
}

/** A teacher of a subject in the class, given or taken. */
export async function changeSubjectTeacher(request: Request, admin: Admin, schoolClass: SchoolClass, change: { subjectId: string; teacherId: string; on: boolean }) {
  await requireCurrent(schoolClass);
  const schoolId = schoolIdOf(admin);
  const classId = String(schoolClass._id);
  const subject = await getSubject({ schoolId, subjectId: change.subjectId });
  if (!subject) throw new RefusedByRule("Предмет не найден", "subjectId");
  // Taking a subject away works whatever roles the teacher holds now; giving one needs the role.
  const teacher = change.on ? await staffMember(schoolId, change.teacherId, "teacher", "teacherId") : await getUserInSchool(schoolId, change.teacherId);
  if (!teacher) throw new RefusedByRule("Сотрудник не найден", "teacherId");
  const teaches = (s: SchoolClass) => s.subjectTeachers.some((t) => String(t.userId) === String(teacher._id) && String(t.subjectId) === String(subject._id));
  if (change.on && teaches(schoolClass)) throw new RefusedByRule(`${fullName(teacher)} уже ведёт этот предмет в классе`, "teacherId");
  if (!change.on && !teaches(schoolClass)) throw new RefusedByRule(`${fullName(teacher)} не ведёт этот предмет в классе`, "teacherId");
  if (!(await setSubjectTeaching({ schoolId, classId, teacherId: teacher._id, subjectId: String(subject._id), teaches: change.on }))) throw new RefusedByRule("Класс не найден");
  await audit(request, admin, {
    action: "update",
    entity: "class",
    entityId: classId,
    summary: `${change.on ? "назначен" : "снят"} учитель предмета «${subject.name}» в ${className(schoolClass)} классе — ${teacher.login}`,
    after: { subjectId: String(subject._id), userId: String(teacher._id), ведёт: change.on },
  });
  return { teacher: fullName(teacher), subject: subject.name };
}

/** Removes a class made by mistake: only while nobody is enrolled in it. */
export async function removeEmptyClass(request: Request, admin: Admin, schoolClass: SchoolClass) {
  await requireCurrent(schoolClass);
  const schoolId = schoolIdOf(admin);
  const students = (await countStudentsByClass({ schoolId, classIds: [schoolClass._id], withFormer: true })).get(String(schoolClass._id)) ?? 0;
  if (students > 0) throw new RefusedByRule(`Класс с обучающимися не удаляется (в классе записано: ${students})`);
  if (!(await deleteClass({ schoolId, classId: schoolClass._id }))) throw new RefusedByRule("Класс уже удалён");
  await audit(request, admin, {
    action: "delete",
    entity: "class",
    entityId: String(schoolClass._id),
    summary: `удалён пустой ${className(schoolClass)} класс`,
    before: { класс: className(schoolClass), classTeacherId: schoolClass.classTeacherId ? String(schoolClass.classTeacherId) : null, subjectTeachers: schoolClass.subjectTeachers.length },
  });
}

/** Who leads the class and who teaches each subject in it, by name. */
export async function classStaffing(schoolId: Types.ObjectId, schoolClass: SchoolClass) {
  const subjects = await listSubjects(schoolId);
  const people = await listUserNames({ schoolId, userIds: [...(schoolClass.classTeacherId ? [schoolClass.classTeacherId] : []), ...schoolClass.subjectTeachers.map((t) => t.userId)] });
  const nameOf = (id: unknown) => {
    const person = people.find((p) => String(p._id) === String(id));
    return person ? fullName(person) : "—";
  };
  return {
    classTeacher: schoolClass.classTeacherId ? { id: String(schoolClass.classTeacherId), name: nameOf(schoolClass.classTeacherId) } : null,
    subjects: subjects.map((s) => ({
      id: String(s._id),
      name: s.name,
      teachers: schoolClass.subjectTeachers.filter((t) => String(t.subjectId) === String(s._id)).map((t) => ({ id: String(t.userId), name: nameOf(t.userId) })),
    })),
  };
}
