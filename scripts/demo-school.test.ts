import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import { ClassModel } from "~models/class.server";
import { SchoolModel } from "~models/school.server";
import { StudentModel } from "~models/student.server";
import { UserModel } from "~models/user.server";
import { ROLES } from "~models/vocabulary/roles";
import { seedDemoSchool } from "./demo-school";

useTestDatabase();

describe("demo school", () => {
  it("is made once, with a user of every role and a municipality of three schools, and never again", async () => {
    const first = await seedDemoSchool(new Date("2026-11-23"));
    expect(first).not.toBeNull();
    const counts = async () => ({
      schools: await SchoolModel.countDocuments(),
      students: await StudentModel.countDocuments(),
      users: await UserModel.countDocuments(),
      classes: await ClassModel.countDocuments(),
    });
    const before = await counts();
    // The demo school and the demo municipality's two small schools (seed 003).
    expect(before.schools).toBe(3);
    expect(before.students).toBeGreaterThan(60);
    const roles = new Set((await UserModel.find({}, { roles: 1 }).lean<{ roles: string[] }[]>()).flatMap((u) => u.roles));
    for (const role of ROLES) expect(roles.has(role), role).toBe(true);

    expect(await seedDemoSchool(new Date("2026-11-23"))).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("leaves a database that already holds a real school alone", async () => {
    await SchoolModel.deleteMany({});
    await StudentModel.deleteMany({});
    await UserModel.deleteMany({});
    await ClassModel.deleteMany({});
    await (await import("~models/meta.server")).MetaModel.deleteMany({});
    await SchoolModel.create({ name: "Настоящая школа", shortName: "Школа", address: "г. Город" });
    expect(await seedDemoSchool()).toBeNull();
    expect(await StudentModel.countDocuments()).toBe(0);
    expect(await SchoolModel.countDocuments()).toBe(1);
  });
});
