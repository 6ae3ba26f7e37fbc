import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import { countAllClasses } from "~models/class.server";
import { deleteAllRecords } from "~models/index.server";
import { countSchools, createSchool } from "~models/school.server";
import { countAllStudents } from "~models/student.server";
import { countAllUsers, listRolesInUse } from "~models/user.server";
import { ROLES } from "~models/vocabulary/roles";
import { seedDemoSchool } from "./demo-school";

useTestDatabase();

describe("demo school", () => {
  it("is made once, with a user of every role and a municipality of three schools, and never again", async () => {
    const first = await seedDemoSchool(new Date("2026-11-23"));
    expect(first).not.toBeNull();
    const counts = async () => ({
      schools: await countSchools(),
      students: await countAllStudents(),
      users: await countAllUsers(),
      classes: await countAllClasses(),
    });
    const before = await counts();
    // The demo school and the demo municipality's two small schools (seed 003).
    expect(before.schools).toBe(3);
    expect(before.students).toBeGreaterThan(60);
    const roles = new Set<string>(await listRolesInUse());
    for (const role of ROLES) expect(roles.has(role), role).toBe(true);

    expect(await seedDemoSchool(new Date("2026-11-23"))).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("leaves a database that already holds a real school alone", async () => {
    await deleteAllRecords();
    await createSchool({ name: "Настоящая школа", shortName: "Школа", address: "г. Город" });
    expect(await seedDemoSchool()).toBeNull();
    expect(await countAllStudents()).toBe(0);
    expect(await countSchools()).toBe(1);
  });
});
