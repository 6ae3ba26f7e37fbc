// A synthetic school for benchmarks and load: `npm run seed:synthetic -- --students 1000`.
// It goes to a database of its own (default folder var/synthetic-db, or MONGODB_URI), never the
// school's: it refuses a database that already holds a school unless --reset is given.
import { Types } from "mongoose";
import { z } from "zod";
import { deleteAllRecords } from "~models/index.server";
import { countSchools, createSchool } from "~models/school.server";
import { hashPassword, insertUser } from "~models/user.server";
import { setSubjectTeachers } from "~models/class.server";
import { failCli, openCliDatabase, readCliArgs } from "./cli";
import { makeRandom, randomPerson } from "./russian-names";
import { createCohort, createSubjects, createYears, SUBJECTS_BY_LEVEL } from "./school-builder";
import { seedClassResults } from "./results-builder";
import { seedManyAchievements } from "./demo-achievements";

const args = readCliArgs(
  {
    students: { type: "string", default: "1000" },
    "data-dir": { type: "string", default: "var/synthetic-db" },
    reset: { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    achievements: { type: "string", default: "20" },
    files: { type: "string", default: "3" },
  },
  z.object({
    students: z.coerce.number({ error: "должно быть числом" }).int("должно быть целым").min(10, "не меньше 10").max(100_000, "не больше 100 000"),
    "data-dir": z.string(),
    reset: z.boolean(),
    seed: z.coerce.number().int(),
    achievements: z.coerce.number({ error: "должно быть числом" }).int().min(0).max(200, "не больше 200 на обучающегося"),
    files: z.coerce.number({ error: "должно быть числом" }).int().min(0).max(20, "не больше 20 на обучающегося"),
  }),
);

const db = await openCliDatabase(args["data-dir"]);
if ((await countSchools()) > 0) {
  if (!args.reset) {
    await db.close();
    failCli("в этой базе уже есть школа; синтетическая школа создаётся только в пустой базе (или укажите --reset, чтобы её очистить).");
  }
  await deleteAllRecords();
}

const random = makeRandom(args.seed);
const schoolId = new Types.ObjectId();
await createSchool({
  schoolId,
  name: "Синтетическая средняя общеобразовательная школа",
  shortName: "Синтетическая СОШ",
  address: "г. Тестовск, ул. Нагрузочная, д. 1",
  municipality: "г. Тестовск",
  settings: { periodKind: "trimester" },
});
const passwordHash = await hashPassword("synthetic-2026");
const subjects = await createSubjects(schoolId);
const years = await createYears(schoolId, "trimester", new Date(), 2);

// Classes of ~25 across grades 1–11, as many parallels as the number of students needs.
const CLASS_SIZE = 25;
const classCount = Math.max(1, Math.round(args.students / CLASS_SIZE));
const letters = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ";
let made = 0;
let achievementCount = 0;
for (let i = 0; i < classCount; i++) {
  const grade = (i % 11) + 1;
  const letter = letters[Math.floor(i / 11) % letters.length];
  const size = i === classCount - 1 ? args.students - made : Math.min(CLASS_SIZE, args.students - made);
  if (size <= 0) break;
  const teacher = randomPerson(random);
  const classTeacher = await insertUser({
    schoolId,
    user: { login: `synt-ct-${i + 1}`, passwordHash, roles: ["classTeacher", "teacher"], lastName: teacher.lastName, firstName: teacher.firstName, middleName: teacher.middleName },
  });
  const cohort = await createCohort({ schoolId, years, grade, letter, size, random, classTeacherId: classTeacher._id });
  const level = grade <= 4 ? "primary" : grade <= 9 ? "basic" : "senior";
  await setSubjectTeachers({
    schoolId,
    classId: cohort.classId,
    subjectTeachers: SUBJECTS_BY_LEVEL[level].slice(0, 3).map((name) => ({ userId: classTeacher._id, subjectId: subjects.get(name)! })),
  });
  // Period marks of every past year of the cohort (the current year's periods are not over yet).
  for (const past of cohort.classes.slice(0, -1)) {
    await seedClassResults({ schoolId, classId: past._id, yearId: past.yearId, grade: past.grade, students: cohort.students, subjects, author: { _id: classTeacher._id, name: "синтетические данные" }, random });
  }
  // Achievements over the last years, the first few of each student with a diploma file (the
  // budgets' school: 20 per student, 3,000 files per 1,000 students).
  achievementCount += await seedManyAchievements({
    schoolId, students: cohort.students, author: { _id: classTeacher._id, name: "синтетические данные" }, random, today: new Date(),
    perStudent: args.achievements, withFiles: Math.min(args.files, args.achievements),
  });
  made += size;
  if ((i + 1) % 5 === 0 || i === classCount - 1) process.stdout.write(`\rклассов: ${i + 1}/${classCount}, обучающихся: ${made}, достижений: ${achievementCount}`);
}
await insertUser({ schoolId, user: { login: "synt-admin", passwordHash, roles: ["admin"], lastName: "Синтетический", firstName: "Администратор" } });
console.log(`\nГотово: ${made} обучающихся, ${classCount} классов, ${subjects.size} предметов, ${achievementCount} достижений (${db.kind}). Вход: synt-admin / synthetic-2026`);
await db.close();
