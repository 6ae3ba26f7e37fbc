// The administration makes the classes of the current year and staffs them: a new class on the
// list of classes, its class teacher and subject teachers on its page, an empty one removed. The
// other staff see the pages without the forms, and their forms are refused without a write.
import type { Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentYear } from "~models/academic-year.server";
import { AuditModel } from "~models/audit.server";
import { ClassModel } from "~models/class.server";
import { SubjectModel } from "~models/subject.server";
import { UserModel } from "~models/user.server";
import { demoIds } from "./demo-ids";
import type { Ids } from "./route-table";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let ids: Ids;
let admin: string;
let teacher: string;
let parent: string;
let yearId: Types.ObjectId;
let schoolId: Types.ObjectId;
let klass9a: { _id: Types.ObjectId };
let maths: { _id: Types.ObjectId };

const demo = useDemoServer("classes-admin");
beforeAll(async () => {
  ids = await demoIds();
  [admin, teacher, parent] = await Promise.all(["admin", "teacher", "parent"].map((login) => signInHttp(demo.server.url, login)));
  schoolId = (await UserModel.findOne({ login: "admin" }).lean<{ schoolId: Types.ObjectId }>())!.schoolId;
  yearId = (await getCurrentYear(schoolId))!._id;
  klass9a = (await UserModel.findOne({ login: "klass9a" }).lean<{ _id: Types.ObjectId }>())!;
  maths = (await SubjectModel.findOne({ schoolId, name: "Математика" }).lean<{ _id: Types.ObjectId }>())!;
});

const url = () => demo.server.url;
const find9v = () => ClassModel.findOne({ schoolId, yearId, grade: 9, letter: "В" }).lean<{ _id: Types.ObjectId; classTeacherId: Types.ObjectId | null; subjectTeachers: { userId: Types.ObjectId; subjectId: Types.ObjectId }[] }>();
const classCount = () => ClassModel.countDocuments({ schoolId });
const writes = () => AuditModel.countDocuments({ entity: "class", action: { $ne: "read" } });

/** The reason shown beside a field: the control names it in aria-describedby and is marked invalid. */
function reasonBeside(html: string, name: string) {
  const control = new RegExp(`<(?:input|select)[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? "";
  expect(control, `the field ${name}`).toContain('aria-invalid="true"');
  const describedBy = /aria-describedby="([^"]+)"/.exec(control)?.[1] ?? "";
  const id = describedBy.split(" ").find((one) => html.includes(`id="${one}" class="field-error"`)) ?? "";
  const reason = new RegExp(`id="${id}" class="field-error">([^<]*)<`).exec(html)?.[1] ?? "";
  return reason;
}

describe("a new class", () => {
  it("the admin creates 9В: a notice, and the list shows it; the change is logged", async () => {
    const before = await writes();
    const created = await post(url(), "/classes", { intent: "create", grade: "9", letter: "в", classTeacherId: "" }, admin);
    expect(created.status).toBe(302);
    const next = pageText(await (await followRedirect(url(), created, admin)).text());
    expect(next).toContain("Класс 9В создан");
    expect(next).toContain("9В");
    const saved = await find9v();
    expect(saved).not.toBeNull();
    expect(saved!.classTeacherId).toBeNull();
    expect(await writes()).toBe(before + 1);
    expect(await AuditModel.exists({ entity: "class", action: "create", entityId: String(saved!._id) })).not.toBeNull();
  });

  it("the same class again is refused with a message, and nothing is written", async () => {
    const [count, logged] = [await classCount(), await writes()];
    const again = await post(url(), "/classes", { intent: "create", grade: "9", letter: "В" }, admin);
    expect([400, 409]).toContain(again.status);
    expect(pageText(await again.text())).toMatch(/Класс 9В в \d{4}\/\d{4} учебном году уже есть/);
    expect(await classCount()).toBe(count);
    expect(await writes()).toBe(logged);
  });

  it("«12А» and «5AB» are refused, each beside its field", async () => {
    const count = await classCount();
    const twelve = await post(url(), "/classes", { intent: "create", grade: "12", letter: "А" }, admin);
    expect(twelve.status).toBe(400);
    expect(reasonBeside(await twelve.text(), "grade")).toBe("Параллель — целое число от 1 до 11");
    const latin = await post(url(), "/classes", { intent: "create", grade: "5", letter: "AB" }, admin);
    expect(latin.status).toBe(400);
    expect(reasonBeside(await latin.text(), "letter")).toBe("Литера — одна заглавная русская буква, например «А»");
    // A Latin look-alike of a Russian letter is not one.
    const lookalike = await post(url(), "/classes", { intent: "create", grade: "5", letter: "B" }, admin);
    expect(lookalike.status).toBe(400);
    expect(await classCount()).toBe(count);
  });

  it("a class teacher without the role is refused beside the field", async () => {
    const count = await classCount();
    const refused = await post(url(), "/classes", { intent: "create", grade: "7", letter: "А", classTeacherId: ids.teacherUser }, admin);
    expect(refused.status).toBe(400);
    expect(reasonBeside(await refused.text(), "classTeacherId")).toBe("У сотрудника нет роли «Классный руководитель»");
    expect(await classCount()).toBe(count);
  });
});

describe("staffing a class", () => {
  it("the class teacher is set and shows on the class page", async () => {
    const page = `/classes/${(await find9v())!._id}`;
    const set = await post(url(), page, { intent: "class-teacher", teacherId: String(klass9a._id) }, admin);
    expect(set.status).toBe(302);
    const text = pageText(await (await followRedirect(url(), set, admin)).text());
    expect(text).toContain("Классный руководитель 9В класса — Семёнов Павел Игоревич");
    expect(text).toContain("Классный руководитель: Семёнов Павел Игоревич");
    expect(String((await find9v())!.classTeacherId)).toBe(String(klass9a._id));
    // A subject teacher is not a class teacher.
    const wrong = await post(url(), page, { intent: "class-teacher", teacherId: ids.teacherUser }, admin);
    expect(wrong.status).toBe(400);
    expect(reasonBeside(await wrong.text(), "teacherId")).toBe("У сотрудника нет роли «Классный руководитель»");
    expect(String((await find9v())!.classTeacherId)).toBe(String(klass9a._id));
  });

  it("a subject teacher set for a subject shows there, and can be taken off", async () => {
    const page = `/classes/${(await find9v())!._id}`;
    const set = await post(url(), page, { intent: "add-subject-teacher", subjectId: String(maths._id), teacherId: ids.teacherUser }, admin);
    expect(set.status).toBe(302);
    const html = await (await followRedirect(url(), set, admin)).text();
    expect(pageText(html)).toContain("Орлов Дмитрий Андреевич ведёт «Математика» в 9В классе");
    expect(pageText(html)).toMatch(/Математика Орлов Дмитрий Андреевич/);
    expect((await find9v())!.subjectTeachers.map((t) => `${t.userId}:${t.subjectId}`)).toEqual([`${ids.teacherUser}:${maths._id}`]);
    expect(await AuditModel.exists({ entity: "class", action: "update", summary: /учитель предмета «Математика» в 9В/ })).not.toBeNull();
    // Twice is refused; a teacher now reaches the class.
    const twice = await post(url(), page, { intent: "add-subject-teacher", subjectId: String(maths._id), teacherId: ids.teacherUser }, admin);
    expect(twice.status).toBe(400);
    expect((await get(url(), page, teacher)).status).toBe(200);
    const off = await post(url(), page, { intent: "remove-subject-teacher", subjectId: String(maths._id), teacherId: ids.teacherUser }, admin);
    expect(off.status).toBe(302);
    expect((await find9v())!.subjectTeachers).toEqual([]);
    expect((await get(url(), page, teacher)).status).toBe(404);
  });

  it("an unknown subject or teacher is refused, never a 500", async () => {
    const page = `/classes/${(await find9v())!._id}`;
    const noSubject = await post(url(), page, { intent: "add-subject-teacher", subjectId: ids.missing, teacherId: ids.teacherUser }, admin);
    expect(noSubject.status).toBe(400);
    expect(pageText(await noSubject.text())).toContain("Предмет не найден");
    const noTeacher = await post(url(), page, { intent: "class-teacher", teacherId: ids.missing }, admin);
    expect(noTeacher.status).toBe(400);
    expect(reasonBeside(await noTeacher.text(), "teacherId")).toBe("Сотрудник не найден");
  });
});

describe("the other staff and families", () => {
  it("a teacher sees their class's page and the list without the forms; a parent gets 404", async () => {
    const classPage = await get(url(), `/classes/${ids.class5a}`, teacher);
    expect(classPage.status).toBe(200);
    const html = await classPage.text();
    expect(pageText(html)).toContain("Учителя класса");
    expect(html).not.toContain('name="intent"');
    const list = await get(url(), "/classes", teacher);
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain("Создать класс");
    expect((await get(url(), `/classes/${ids.class5a}`, parent)).status).toBe(404);
    expect((await get(url(), "/classes", parent)).status).toBe(404);
    // The admin sees the forms.
    expect(await (await get(url(), `/classes/${ids.class5a}`, admin)).text()).toContain('value="class-teacher"');
  });

  it("their forms are refused and nothing is written", async () => {
    const before = { count: await classCount(), writes: await writes(), c5a: await ClassModel.findById(ids.class5a).lean() };
    for (const who of [teacher, parent]) {
      expect((await post(url(), "/classes", { intent: "create", grade: "8", letter: "Г" }, who)).status).toBe(404);
      expect((await post(url(), `/classes/${ids.class5a}`, { intent: "class-teacher", teacherId: ids.teacherUser }, who)).status).toBe(404);
      expect((await post(url(), `/classes/${ids.class5a}`, { intent: "add-subject-teacher", subjectId: String(maths._id), teacherId: ids.teacherUser }, who)).status).toBe(404);
      expect((await post(url(), `/classes/${ids.class5a}`, { intent: "remove-class" }, who)).status).toBe(404);
    }
    expect(await classCount()).toBe(before.count);
    expect(await writes()).toBe(before.writes);
    expect(await ClassModel.findById(ids.class5a).lean()).toEqual(before.c5a);
  });
});

describe("removing a class", () => {
  it("a class with students cannot be removed", async () => {
    const refused = await post(url(), `/classes/${ids.class5a}`, { intent: "remove-class" }, admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("Класс с обучающимися не удаляется (в классе записано: 24)");
    expect(await ClassModel.exists({ _id: ids.class5a })).not.toBeNull();
  });

  it("a past year's class is not changed", async () => {
    const refused = await post(url(), `/classes/${ids.lastYear5a}`, { intent: "class-teacher", teacherId: "" }, admin);
    expect(refused.status).toBe(400);
    expect(pageText(await refused.text())).toContain("Класс прошлого учебного года не меняется");
  });

  it("an empty class is removed, logged, and gone from the list", async () => {
    const empty = (await find9v())!;
    const removed = await post(url(), `/classes/${empty._id}`, { intent: "remove-class" }, admin);
    expect(removed.status).toBe(302);
    expect(removed.headers.get("location")).toBe("/classes");
    const text = pageText(await (await followRedirect(url(), removed, admin)).text());
    expect(text).toContain("Класс 9В удалён");
    expect(text).not.toMatch(/\b9В Классный/);
    expect(await find9v()).toBeNull();
    expect(await AuditModel.exists({ entity: "class", action: "delete", entityId: String(empty._id) })).not.toBeNull();
    expect((await get(url(), `/classes/${empty._id}`, admin)).status).toBe(404);
  });
});
