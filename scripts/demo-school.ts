// The demo school: created on the first start of an empty database, never again, and never
// when the database already holds a school (real data is not touched).
import { Types } from "mongoose";
import { schoolYearName } from "~/domain/school-year";
import type { Role } from "~models/vocabulary/roles";
import { deleteSchoolEverywhere } from "~models/index.server";
import { createMarker, getMarker, setMarkerState } from "~models/meta.server";
import { insertExtractRequests, markExtractApproved } from "~models/document.server";
import { createGiftedList } from "~models/gifted.server";
import { createCreditApplication, createCreditRules } from "~models/credit.server";
import { putEvidence } from "~storage/evidence-store.server";
import { inspectUpload } from "~storage/inspect.server";
import { issuePortfolio } from "~/documents/issue.server";
import { SECTION_CODES } from "~/documents/sections";
import { countSchools, createSchool, listDemoSchoolIds } from "~models/school.server";
import { setRepresentative } from "~models/student.server";
import { ensureUser, hashPassword, insertUsers } from "~models/user.server";
import { setSubjectTeaching } from "~models/class.server";
import { makeRandom } from "./russian-names";
import { createCohort, createSubjects, createYears } from "./school-builder";
import { diploma, seedDemoAchievements } from "./demo-achievements";
import { seedClassResults } from "./results-builder";
import { seedDemoMunicipality } from "./demo-municipality";

export const DEMO_PASSWORD = "demo-2026";
const MARKER = "demo-seed";

interface DemoUser {
  login: string;
  roles: Role[];
  lastName: string;
  firstName: string;
  middleName: string;
}

const STAFF: DemoUser[] = [
  { login: "admin", roles: ["admin"], lastName: "Соколова", firstName: "Ирина", middleName: "Викторовна" },
  { login: "klass5a", roles: ["classTeacher", "teacher"], lastName: "Кузнецова", firstName: "Марина", middleName: "Сергеевна" },
  { login: "klass5b", roles: ["classTeacher", "teacher"], lastName: "Ершова", firstName: "Ольга", middleName: "Николаевна" },
  { login: "klass9a", roles: ["classTeacher", "teacher"], lastName: "Семёнов", firstName: "Павел", middleName: "Игоревич" },
  { login: "klass9b", roles: ["classTeacher", "teacher"], lastName: "Лебедева", firstName: "Наталья", middleName: "Юрьевна" },
  { login: "teacher", roles: ["teacher"], lastName: "Орлов", firstName: "Дмитрий", middleName: "Андреевич" },
  { login: "psychologist", roles: ["specialist"], lastName: "Белова", firstName: "Анна", middleName: "Петровна" },
  { login: "archivist", roles: ["archivist"], lastName: "Фёдорова", firstName: "Галина", middleName: "Ивановна" },
];

export interface SeededDemo {
  schoolName: string;
  logins: { login: string; role: string }[];
}

/** Creates the demo school if the database is empty; returns what it made, or null. */
export async function seedDemoSchool(today = new Date()): Promise<SeededDemo | null> {
  const marker = await getMarker({ name: MARKER });
  if (marker?.state === "done") return null;
  if (!marker && (await countSchools()) > 0) return null;
  const schoolId = marker?.schoolId ?? new Types.ObjectId();
  if (marker) {
    // A seed cut off half-way (the process was killed): clear what it wrote and start again.
    await removeDemo(schoolId);
  } else {
    try {
      await createMarker({ name: MARKER, state: "seeding", schoolId });
    } catch {
      return null; // another process is seeding
    }
  }

  const random = makeRandom(17);
  const school = await createSchool({
    schoolId,
    name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17»",
    shortName: "МБОУ «СОШ № 17»",
    address: "150000, г. Ярославль, ул. Школьная, д. 17",
    municipality: "г. Ярославль",
    director: "Громова Елена Александровна",
    phone: "+7 (4852) 00-17-17",
    email: "school17@example.ru",
    demo: true,
    settings: { periodKind: "trimester" },
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staff = await insertUsers({ schoolId, users: STAFF.map((u) => ({ ...u, passwordHash })) });
  const staffId = (login: string) => staff.find((u) => u.login === login)!._id;

  const subjects = await createSubjects(schoolId);
  const years = await createYears(schoolId, "trimester", today, 1);
  const cohorts = {
    "5А": await createCohort({ schoolId, years, grade: 5, letter: "А", size: 24, random, classTeacherId: staffId("klass5a") }),
    "5Б": await createCohort({ schoolId, years, grade: 5, letter: "Б", size: 23, random, classTeacherId: staffId("klass5b") }),
    "9А": await createCohort({ schoolId, years, grade: 9, letter: "А", size: 22, random, classTeacherId: staffId("klass9a") }),
    "9Б": await createCohort({ schoolId, years, grade: 9, letter: "Б", size: 21, random, classTeacherId: staffId("klass9b") }),
  };

  // Who teaches what this year: class teachers their own subject in their grade, the maths teacher across grades.
  const teaching: [string, string, (keyof typeof cohorts)[]][] = [
    ["klass5a", "Русский язык", ["5А", "5Б"]],
    ["klass5b", "Литература", ["5А", "5Б"]],
    ["klass9a", "Физика", ["9А", "9Б"]],
    ["klass9b", "Русский язык", ["9А", "9Б"]],
    ["teacher", "Математика", ["5А", "5Б"]],
    ["teacher", "Алгебра", ["9А"]],
    ["teacher", "Геометрия", ["9А"]],
  ];
  for (const [login, subject, classNames] of teaching) {
    for (const name of classNames) {
      await setSubjectTeaching({ schoolId, classId: String(cohorts[name].classId), teacherId: staffId(login), subjectId: String(subjects.get(subject)!), teaches: true });
    }
  }

  // Two families in 5А (each sees only their own child) and one student's own login.
  const [childA, childB] = cohorts["5А"].students;
  const families = await insertUsers({
    schoolId,
    users: [
      { login: "parent", roles: ["parent"], passwordHash, lastName: childA.lastName, firstName: "Елена", middleName: "Викторовна" },
      { login: "parent2", roles: ["parent"], passwordHash, lastName: childB.lastName, firstName: "Сергей", middleName: "Олегович" },
      { login: "student", roles: ["student"], passwordHash, studentId: childA._id, lastName: childA.lastName, firstName: childA.firstName, middleName: childA.middleName },
    ],
  });
  // Each a new record with no representative yet: the parent becomes its only one.
  await setRepresentative({ schoolId, studentId: String(childA._id), parentId: families[0]._id, represents: true });
  await setRepresentative({ schoolId, studentId: String(childB._id), parentId: families[1]._id, represents: true });
  // The municipal specialist belongs to no school; reuse the account if an earlier demo made it.
  await ensureUser({
    schoolId: null,
    login: "municipal",
    user: { roles: ["municipal"], passwordHash, lastName: "Воронцова", firstName: "Татьяна", middleName: "Михайловна" },
  });

  // Achievements in 5А (entered by the maths teacher, verified by the class teacher) and 9А.
  const author = (login: string) => {
    const u = staff.find((x) => x.login === login)!;
    return { _id: u._id, name: `${u.lastName} ${u.firstName} ${u.middleName} (${u.login})` };
  };
  await seedDemoAchievements({ schoolId, students: cohorts["5А"].students, author: author("teacher"), verifier: author("klass5a"), random, today });
  await seedDemoAchievements({ schoolId, students: cohorts["9А"].students.slice(0, 10), author: author("klass9a"), verifier: author("klass9a"), random, today });

  // Last year's period marks of every class, as if imported from the journal.
  for (const cohort of Object.values(cohorts)) {
    const lastYear = cohort.classes[cohort.classes.length - 2];
    if (!lastYear) continue;
    await seedClassResults({ schoolId, classId: lastYear._id, yearId: lastYear.yearId, grade: lastYear.grade, students: cohort.students, subjects, author: author("admin"), random });
  }

  // Extracts for the demo family: one issued by the class teacher, one waiting for a decision.
  const classTeacher = staff.find((x) => x.login === "klass5a")!;
  const parent = families[0];
  const requestOf = (purpose: string, at: Date) => ({
    studentId: childA._id, requestedBy: parent._id, requestedByName: `${parent.lastName} ${parent.firstName} ${parent.middleName}`, requestedAt: at,
    sections: SECTION_CODES, years: [], thumbnails: true, purpose,
  });
  const [issued] = await insertExtractRequests({
    schoolId,
    requests: [
      requestOf("для поступления в профильный класс", new Date(today.getTime() - 5 * 86_400_000)),
      requestOf("для участия в конкурсе «Ученик года»", new Date(today.getTime() - 86_400_000)),
    ],
  });
  const origin = process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`;
  const { document } = await issuePortfolio({ schoolId, studentId: childA._id, kind: "extract", options: { sections: SECTION_CODES, years: [], thumbnails: true }, issuer: classTeacher, origin, purpose: issued.purpose, extractId: issued._id, keep: true });
  await markExtractApproved({ schoolId, extractId: issued._id, decidedBy: classTeacher._id, decidedByName: document.issuedByName, decidedAt: document.issuedAt });

  await seedDemoGiftedAndCredit({ schoolId, childA, parent, years: years.map((y) => schoolYearName(y.startYear)), classId: cohorts["5А"].classId, subjects, adminName: author("admin").name, today });
  await seedDemoMunicipality({ mainSchoolId: schoolId, today, programmeBy: author("admin").name });

  await setMarkerState({ name: MARKER, state: "done" });
  const logins = [...STAFF, { login: "parent", roles: ["parent"] }, { login: "parent2", roles: ["parent"] }, { login: "student", roles: ["student"] }, { login: "municipal", roles: ["municipal"] }];
  return {
    schoolName: school.shortName,
    logins: logins.map((u) => ({ login: u.login, role: u.roles.join(", ") })),
  };
}

/**
 * The gifted register's list of events for each year of the demo (so that the regional ВсОШ prize
 * of the first 5А student qualifies), the school's crediting rule, and one credit application
 * from that student's parent waiting for a decision.
 */
async function seedDemoGiftedAndCredit(options: {
  schoolId: Types.ObjectId;
  childA: { _id: Types.ObjectId };
  parent: { _id: Types.ObjectId; lastName: string; firstName: string; middleName?: string | null };
  years: string[];
  classId: Types.ObjectId;
  subjects: Map<string, Types.ObjectId>;
  adminName: string;
  today: Date;
}) {
  const { schoolId, childA, parent, years, classId, subjects, adminName, today } = options;
  for (const year of years) {
    await createGiftedList({
      schoolId, schoolYear: year, source: "демонстрационный перечень", loadedAt: today, loadedByName: adminName,
      entries: [
        { event: "Всероссийская олимпиада школьников", organiser: "Минпросвещения России", profile: "", level: "regional", act: `Порядок проведения ВсОШ; перечень на ${year} учебный год` },
        { event: "Олимпиада «Высшая проба»", organiser: "НИУ ВШЭ", profile: "математика", level: "", act: `Перечень олимпиад школьников на ${year} учебный год, № 12` },
        { event: "Конкурс «Большие вызовы»", organiser: "Фонд «Талант и успех»", profile: "", level: "federal", act: `Перечень мероприятий на ${year} учебный год` },
      ],
    });
  }
  await createCreditRules({
    schoolId, updatedAt: today, updatedByName: adminName,
    rules: [{ name: "Победители и призёры регионального этапа ВсОШ и выше", kinds: ["olympiad"], minLevel: "regional", results: ["winner", "prizewinner"], mark: "5", act: "Положение о порядке зачёта результатов, п. 3.4", active: true }],
  });
  const id = new Types.ObjectId();
  const file = await inspectUpload(await diploma("СПРАВКА", "об освоении программы", 200), "справка музыкальной школы.jpg");
  const [stored] = await putEvidence({ schoolId, studentId: childA._id, uploadedBy: parent._id }, [file], id);
  const current = years[years.length - 1];
  await createCreditApplication({
    schoolId,
    application: {
      _id: id, studentId: childA._id, classId, schoolYear: current, subjectId: subjects.get("Музыка")!,
      programme: "Дополнительная предпрофессиональная программа «Фортепиано», 3 класс", organisation: "ДШИ № 2",
      periodFrom: new Date(Date.UTC(today.getUTCFullYear(), 8, 1)), periodTo: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)),
      result: "промежуточная аттестация — «отлично»", evidence: [{ fileId: stored._id, name: stored.name, type: stored.type, size: stored.size, sha256: stored.sha256 }],
      appliedAt: new Date(today.getTime() - 2 * 86_400_000), applicantId: parent._id, applicantName: `${parent.lastName} ${parent.firstName} ${parent.middleName ?? ""}`.trim(),
    },
  });
}

async function removeDemo(mainSchoolId: Types.ObjectId) {
  // The demo school and the demo municipality's other schools.
  const schoolIds = [mainSchoolId, ...(await listDemoSchoolIds({ except: mainSchoolId }))];
  for (const schoolId of schoolIds) await deleteSchoolEverywhere({ schoolId });
}
