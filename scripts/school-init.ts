// How a real school starts: its names, its first administrator and the current school year (its
// periods: quarters unless --periods says trimester or half), on a data folder or a MONGODB_URI of
// its own (never the demo's).
//   npm run school:init -- --name "Полное название" --short-name "МБОУ СОШ № 1" --address "…" \
//     --login director --last-name Фамилия --first-name Имя [--middle-name Отчество] [--password-file F]
//     [--periods quarter|trimester|half]
// The password comes from --password-file, REGISTRY_PASSWORD, or is asked for when a person is at
// the terminal; the administrator must change it at the first sign-in.
import fs from "node:fs";
import readline from "node:readline";
import { z } from "zod";
import { createUser } from "~/admin/users.server";
import { loginField } from "~/admin/forms";
import { PASSWORD_RULE } from "~/auth/forms";
import { Refusal } from "~/http/refusals";
import { defaultPeriods, schoolYearBounds, schoolYearName, schoolYearStart } from "~/domain/school-year";
import { todayIso } from "~/domain/format";
import { ensureYear } from "~models/academic-year.server";
import { applyStandardCurriculum } from "~/curriculum/plan.server";
import { createSchool, findSchoolByName, installationHoldsDemo } from "~models/school.server";
import { PERIOD_KINDS, PERIOD_PLURALS, type PeriodKind } from "~models/vocabulary/periods";
import { failCli, openCliDatabase, readCliArgs } from "./cli";

const args = readCliArgs(
  {
    name: { type: "string" },
    "short-name": { type: "string" },
    address: { type: "string", default: "" },
    login: { type: "string" },
    "last-name": { type: "string" },
    "first-name": { type: "string" },
    "middle-name": { type: "string", default: "" },
    "password-file": { type: "string" },
    periods: { type: "string", default: "quarter" },
    "data-dir": { type: "string", default: process.env.DATA_DIR || "var/db" },
  },
  z.object({
    name: z.string({ error: "укажите --name (полное название школы)" }).trim().min(3, "полное название школы слишком короткое"),
    "short-name": z.string({ error: "укажите --short-name (краткое название)" }).trim().min(2, "краткое название слишком короткое"),
    address: z.string().trim(),
    login: loginField,
    "last-name": z.string({ error: "укажите --last-name" }).trim().min(1, "укажите фамилию"),
    "first-name": z.string({ error: "укажите --first-name" }).trim().min(1, "укажите имя"),
    "middle-name": z.string().trim(),
    "password-file": z.string().optional(),
    periods: z.enum(PERIOD_KINDS, { error: "--periods: quarter (четверти), trimester (триместры) или half (полугодия)" }),
    "data-dir": z.string(),
  }),
);

/** Asks for the password without echoing it. */
async function promptPassword(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (text: string) => void };
  process.stdout.write("Пароль первого администратора: ");
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stdout.write("\n");
  return answer;
}

async function readPassword(): Promise<string> {
  if (args["password-file"]) {
    try {
      return fs.readFileSync(args["password-file"], "utf8").replace(/\r?\n$/, "");
    } catch {
      failCli(`не удалось прочитать файл пароля ${args["password-file"]}`);
    }
  }
  if (process.env.REGISTRY_PASSWORD) return process.env.REGISTRY_PASSWORD;
  if (process.stdin.isTTY) return promptPassword();
  failCli("пароль не задан: укажите --password-file или переменную REGISTRY_PASSWORD");
}

const password = await readPassword();
if (password.length < PASSWORD_RULE.min) failCli(`пароль короче ${PASSWORD_RULE.min} символов`);

const db = await openCliDatabase(args["data-dir"]);
try {
  if (await installationHoldsDemo()) {
    throw new Error("в этой базе демонстрационная школа: для настоящей школы задайте свою папку данных (DATA_DIR) или MONGODB_URI");
  }
  if (await findSchoolByName({ name: args.name })) throw new Error(`школа «${args.name}» уже есть в этой базе`);
  const school = await createSchool({ name: args.name, shortName: args["short-name"], address: args.address || "не указан" });
  await createUser(
    school._id,
    {
      login: args.login, lastName: args["last-name"], firstName: args["first-name"], middleName: args["middle-name"],
      roles: ["admin"], password, mustChangePassword: true,
    },
    null,
  );
  // The school year under way on the school's calendar, so that classes can be made at once.
  const startYear = schoolYearStart(new Date(`${todayIso()}T00:00:00Z`));
  const periodKind: PeriodKind = args.periods;
  const year = await ensureYear({
    schoolId: school._id,
    year: { name: schoolYearName(startYear), ...schoolYearBounds(startYear), periodKind, periods: defaultPeriods(periodKind, startYear), current: true, closedAt: null },
  });
  console.log(`Школа «${args["short-name"]}» создана (${db.kind}). Администратор: ${args.login}; при первом входе он задаст свой пароль.`);
  // The school's subjects and the usual curriculum (ФГОС), which the school then adjusts on «Учебный план».
  const plan = await applyStandardCurriculum({ schoolId: school._id, yearId: year!._id });
  console.log(`Учебный год ${year?.name ?? schoolYearName(startYear)} открыт; периоды — ${PERIOD_PLURALS[periodKind]}.`);
  console.log(`Предметы (${plan.subjectsAdded}) и учебный план заполнены по ФГОС: проверьте их на странице «Учебный год» → «Учебный план».`);
} catch (error) {
  await db.close();
  failCli(error instanceof Refusal ? `${error.message}: ${args.login}` : (error as Error).message);
}
await db.close();
