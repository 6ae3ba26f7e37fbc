// The first admin of a real school (or any account) from the command line:
//   npm run user:create -- --role admin --login L --last-name Фамилия --first-name Имя --password-file F [--school S]
// The password comes from --password-file or REGISTRY_PASSWORD (CI has no standard input). With no
// school in the database yet, --school-name creates it; with several, --school (name or id) picks one.
import fs from "node:fs";
import { z } from "zod";
import { createUser } from "~/admin/users.server";
import { loginField } from "~/admin/forms";
import { PASSWORD_RULE } from "~/auth/forms";
import { Refusal } from "~/http/refusals";
import { ROLES, rolesConflict } from "~models/vocabulary/roles";
import { countSchools, createSchool } from "~models/school.server";
import { failCli, openCliDatabase, readCliArgs } from "./cli";
import { chooseSchool } from "./cli-school";

const args = readCliArgs(
  {
    role: { type: "string", multiple: true },
    login: { type: "string" },
    "last-name": { type: "string" },
    "first-name": { type: "string" },
    "middle-name": { type: "string", default: "" },
    "password-file": { type: "string" },
    "school-name": { type: "string" },
    school: { type: "string" },
    "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" },
  },
  z.object({
    role: z.array(z.enum(ROLES, { error: `роль — одна из: ${ROLES.join(", ")}` }), { error: "укажите --role" }).min(1),
    login: loginField,
    "last-name": z.string({ error: "укажите --last-name" }).trim().min(1, "укажите фамилию"),
    "first-name": z.string({ error: "укажите --first-name" }).trim().min(1, "укажите имя"),
    "middle-name": z.string(),
    "password-file": z.string().optional(),
    "school-name": z.string().optional(),
    school: z.string().optional(),
    "data-dir": z.string(),
  }),
);

const conflict = rolesConflict(args.role);
if (conflict) failCli(conflict);

let password = process.env.REGISTRY_PASSWORD ?? "";
if (args["password-file"]) {
  try {
    password = fs.readFileSync(args["password-file"], "utf8").replace(/\r?\n$/, "");
  } catch {
    failCli(`не удалось прочитать файл пароля ${args["password-file"]}`);
  }
}
if (!password) failCli("пароль не задан: укажите --password-file или переменную REGISTRY_PASSWORD");
if (password.length < PASSWORD_RULE.min) failCli(`пароль короче ${PASSWORD_RULE.min} символов`);

const db = await openCliDatabase(args["data-dir"]);
try {
  let schoolId = null;
  if (!args.role.includes("municipal")) {
    if ((await countSchools()) === 0) {
      if (!args["school-name"]) failCli("в базе нет школы: укажите --school-name, чтобы создать её");
      const school = await createSchool({ name: args["school-name"], shortName: args["school-name"], address: "не указан" });
      schoolId = school._id;
    } else schoolId = (await chooseSchool(args.school, db.close))._id;
  }
  const user = await createUser(schoolId, {
    login: args.login, lastName: args["last-name"], firstName: args["first-name"], middleName: args["middle-name"],
    roles: args.role, password, mustChangePassword: false,
  }, null);
  console.log(`Создан пользователь ${user.login} (${args.role.join(", ")}).`);
} catch (error) {
  await db.close();
  failCli(error instanceof Refusal ? `${error.message}: ${args.login}` : (error as Error).message);
}
await db.close();
