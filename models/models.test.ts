import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import { AcademicYearModel } from "./academic-year.server";
import { ensureIndexes } from "./index.server";
import { ClassModel } from "./class.server";
import { SchoolModel } from "./school.server";
import { EnrolmentModel, StudentModel, getStudent } from "./student.server";
import { UserModel, verifyLogin, hashPassword } from "./user.server";

useTestDatabase();

async function makeSchool(name: string) {
  return SchoolModel.create({ name, shortName: name, address: "г. Тест, ул. Тестовая, 1" });
}

describe("model rules", () => {
  it("refuses a student without the required fields", async () => {
    const school = await makeSchool("Школа А");
    await expect(StudentModel.create({ schoolId: school._id, firstName: "Иван" })).rejects.toThrow(/lastName|birthDate/);
  });

  it("refuses a class with a Latin letter or a grade of 12", async () => {
    const school = await makeSchool("Школа Б");
    const yearId = new Types.ObjectId();
    await expect(ClassModel.create({ schoolId: school._id, yearId, grade: 5, letter: "A" })).rejects.toThrow(/letter/);
    await expect(ClassModel.create({ schoolId: school._id, yearId, grade: 12, letter: "А" })).rejects.toThrow(/grade/);
  });

  it("keeps logins unique, whatever their case", async () => {
    const school = await makeSchool("Школа В");
    const passwordHash = await hashPassword("password-1");
    const base = { schoolId: school._id, passwordHash, lastName: "Петров", firstName: "Пётр", roles: ["teacher"] };
    await UserModel.create({ ...base, login: "petrov" });
    await expect(UserModel.create({ ...base, login: "PETROV" })).rejects.toThrow(/duplicate key/);
  });

  it("enrols a student in a class once a year; a move mid-year is a second class that year", async () => {
    const school = await makeSchool("Школа Г");
    const yearId = new Types.ObjectId();
    const studentId = new Types.ObjectId();
    const a = await ClassModel.create({ schoolId: school._id, yearId, grade: 5, letter: "А" });
    const b = await ClassModel.create({ schoolId: school._id, yearId, grade: 5, letter: "Б" });
    await EnrolmentModel.create({ schoolId: school._id, studentId, yearId, classId: a._id, until: new Date("2026-12-01") });
    await expect(EnrolmentModel.create({ schoolId: school._id, studentId, yearId, classId: a._id })).rejects.toThrow(/duplicate key/);
    await EnrolmentModel.create({ schoolId: school._id, studentId, yearId, classId: b._id, from: new Date("2026-12-01") });
    expect(await EnrolmentModel.countDocuments({ studentId })).toBe(2);
  });

  it("drops the one-class-a-year index an earlier version built, so that a move can be written", async () => {
    await EnrolmentModel.deleteMany({});
    await EnrolmentModel.collection.dropIndexes();
    await EnrolmentModel.collection.createIndex({ schoolId: 1, studentId: 1, yearId: 1 }, { unique: true });
    await ensureIndexes();
    // A fresh process builds the schema's indexes after the drop (init); this one has built them once already.
    await EnrolmentModel.createIndexes();
    const names = (await EnrolmentModel.collection.indexes()).map((i) => i.name);
    expect(names).not.toContain("schoolId_1_studentId_1_yearId_1");
    expect(names).toContain("schoolId_1_studentId_1_yearId_1_classId_1");
  });

  it("refuses the same school year twice in one school", async () => {
    const school = await makeSchool("Школа Д");
    const year = { schoolId: school._id, name: "2025/2026", startDate: new Date("2025-09-01"), endDate: new Date("2026-08-31"), periodKind: "half", periods: [] };
    await AcademicYearModel.create(year);
    await expect(AcademicYearModel.create(year)).rejects.toThrow(/duplicate key/);
  });

  it("never returns another school's student, even by its exact id", async () => {
    const mine = await makeSchool("Школа Е");
    const other = await makeSchool("Школа Ж");
    const student = await StudentModel.create({
      schoolId: other._id, lastName: "Ёлкин", firstName: "Артём", birthDate: new Date("2014-03-02"), gender: "m", enrolledAt: new Date("2021-09-01"),
    });
    expect(await getStudent(other._id, String(student._id), null)).not.toBeNull();
    expect(await getStudent(mine._id, String(student._id), null)).toBeNull();
    expect(await getStudent(other._id, "not-an-id", null)).toBeNull();
    // Within the school, a narrower reach hides the student too.
    expect(await getStudent(other._id, String(student._id), [new Types.ObjectId()])).toBeNull();
  });

  it("stores passwords only as argon2 hashes and checks them", async () => {
    const school = await makeSchool("Школа З");
    await UserModel.create({ schoolId: school._id, login: "hash-check", passwordHash: await hashPassword("верный-пароль"), lastName: "А", firstName: "Б", roles: ["admin"] });
    const stored = await UserModel.findOne({ login: "hash-check" }).select("+passwordHash").lean<{ passwordHash: string }>();
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored!.passwordHash).not.toContain("верный-пароль");
    expect(await verifyLogin("hash-check", "верный-пароль")).not.toBeNull();
    expect(await verifyLogin("hash-check", "неверный")).toBeNull();
  });

  it("requires a school for every user but a municipal specialist", async () => {
    const passwordHash = await hashPassword("password-1");
    await expect(UserModel.create({ login: "no-school", passwordHash, lastName: "А", firstName: "Б", roles: ["teacher"] })).rejects.toThrow(/школ/);
    await UserModel.create({ login: "mun-ok", passwordHash, lastName: "А", firstName: "Б", roles: ["municipal"] });
  });
});
