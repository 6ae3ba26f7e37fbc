// The demo municipality (seed 003): besides the demo school, two small schools with four years of
// classes (grades 4–11 and the graduates of the last three years), and for every school the
// external assessments of the last three school years: ВПР in the 4th–6th grades, ОГЭ/ГВЭ-9 in
// the 9th, ЕГЭ/ГВЭ-11 in the 11th. One small school improves year by year; the other has a year
// with no 11th grade (its ЕГЭ indicators read «нет данных» that year). Some of indicators 18–21
// and a quality programme report are filled in.
import { Types } from "mongoose";
import { MATHS, MATHS_BASE, MATHS_PROFILE, RUSSIAN, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
import { schoolYearName } from "~/domain/school-year";
import { getCurrentYear, listPastYears } from "~models/academic-year.server";
import { insertExternalResultSet, type ExternalRow } from "~models/assessment.server";
import { findClasses } from "~models/class.server";
import { saveMunicipalEntry, saveQualityProgramme } from "~models/municipal.server";
import { createSchool } from "~models/school.server";
import { listStudentIdsOfClass } from "~models/student.server";
import { makeRandom, type Random } from "./russian-names";
import { createCohort, createSubjects, createYears } from "./school-builder";

/** A result's chances: `level` from 0 (weak) to 1 (strong). */
function sampleMark(random: Random, level: number) {
  const p2 = 0.16 - 0.12 * level;
  const p5 = 0.08 + 0.3 * level;
  const p4 = 0.38;
  const x = random.next();
  return x < p2 ? 2 : x < p2 + p5 ? 5 : x < p2 + p5 + p4 ? 4 : 3;
}
const samplePoints = (random: Random, level: number) => Math.max(8, Math.min(100, Math.round(48 + 30 * level + (random.next() + random.next() + random.next() - 1.5) * 30)));

/** What each grade writes at the end of a year, and how. */
function resultsOf(random: Random, grade: number, level: number, studentId: Types.ObjectId, index: number): { kind: AssessmentKind; row: ExternalRow }[] {
  const row = (subject: string, mark: number | null, points: number | null) => ({ studentId, grade, subject, mark, points });
  if (grade === 4) return [RUSSIAN, MATHS, "Окружающий мир"].map((s) => ({ kind: "vpr" as const, row: row(s, sampleMark(random, level), null) }));
  if (grade === 5 || grade === 6) return [RUSSIAN, MATHS].map((s) => ({ kind: "vpr" as const, row: row(s, sampleMark(random, level), null) }));
  if (grade === 9) {
    const kind = index === 0 ? "gve9" : "oge";
    return [RUSSIAN, MATHS].map((s) => ({ kind, row: row(s, sampleMark(random, level), null) }));
  }
  if (grade === 11) {
    if (index === 0) return [RUSSIAN, MATHS].map((s) => ({ kind: "gve11" as const, row: row(s, sampleMark(random, level), null) }));
    const maths = index % 2 ? row(MATHS_PROFILE, null, samplePoints(random, level - 0.1)) : row(MATHS_BASE, sampleMark(random, level), null);
    return [{ kind: "ege", row: row(RUSSIAN, null, samplePoints(random, level)) }, { kind: "ege", row: maths }];
  }
  return [];
}

/** The external results of a school's past years, from its classes and enrolments of those years. */
export async function seedExternalResults(schoolId: Types.ObjectId, levels: (startYear: number) => number, random: Random) {
  const years = await listPastYears({ schoolId });
  for (const year of years) {
    const level = levels(Number(year.name.slice(0, 4)));
    const classes = await findClasses({ schoolId, yearId: year._id, grades: [4, 5, 6, 9, 11] });
    const byKind = new Map<AssessmentKind, ExternalRow[]>();
    for (const c of classes) {
      const students = await listStudentIdsOfClass({ schoolId, classId: c._id });
      students.forEach((studentId, index) => {
        for (const { kind, row } of resultsOf(random, c.grade, level, studentId, index)) byKind.set(kind, [...(byKind.get(kind) ?? []), row]);
      });
    }
    for (const [kind, rows] of byKind) {
      await insertExternalResultSet({ schoolId, schoolYear: year.name, kind, rows, imports: [{ fileName: "демонстрационные данные", sha256: "", subjects: [...new Set(rows.map((r) => r.subject))], rows: rows.length, at: new Date(), byName: "демонстрация" }] });
    }
  }
}

const SMALL_SCHOOLS = [
  { name: "Муниципальное общеобразовательное учреждение «Основная школа № 3»", shortName: "МОУ «Школа № 3»", level: (year: number, current: number) => 0.25 + 0.15 * (year - current + 3), gapYearsBack: 0 },
  { name: "Муниципальное общеобразовательное учреждение «Средняя школа № 41»", shortName: "МОУ «СШ № 41»", level: () => 0.55, gapYearsBack: 2 },
];

export async function seedDemoMunicipality(input: { mainSchoolId: Types.ObjectId; today: Date; programmeBy: string }) {
  const random = makeRandom(303);
  const current = Number((await getCurrentYear(input.mainSchoolId))!.name.slice(0, 4));
  await seedExternalResults(input.mainSchoolId, () => 0.5, random);
  const refs: Types.ObjectId[] = [input.mainSchoolId];
  for (const small of SMALL_SCHOOLS) {
    const schoolId = new Types.ObjectId();
    refs.push(schoolId);
    await createSchool({ schoolId, name: small.name, shortName: small.shortName, address: "150000, г. Ярославль", municipality: "г. Ярославль", demo: true, settings: { periodKind: "trimester" } });
    await createSubjects(schoolId);
    const years = await createYears(schoolId, "trimester", input.today, 3);
    // Grades 4–11 now, and the three classes that left after the 11th grade in the last three years.
    for (let grade = 4; grade <= 14; grade++) {
      // One year without an 11th grade: the cohort that would have been in it was never there.
      if (small.gapYearsBack && grade === 11 + small.gapYearsBack) continue;
      await createCohort({ schoolId, years, grade, letter: "А", size: 7 + random.int(0, 3), random });
    }
    await seedExternalResults(schoolId, (year) => small.level(year, current), random);
  }
  // Indicators 18–21 as the specialist found them, for the last two years.
  for (const [i, schoolRef] of refs.entries()) {
    for (const back of [1, 2]) {
      await saveMunicipalEntry({
        schoolRef, schoolYear: schoolYearName(current - back),
        values: {
          teachersImproved: { numerator: 3 + i + (2 - back), denominator: 12 + 4 * i }, network: i !== 2 || back === 1,
          teachersInNetwork: { numerator: 5 + 2 * i, denominator: 12 + 4 * i }, methodicalHelp: i === 1,
        },
        at: input.today, byName: "Воронцова Татьяна Михайловна",
      });
    }
  }
  await saveQualityProgramme({
    schoolId: refs[1],
    programme: "Программа повышения качества образования на 2024–2027 годы, приказ № 45 от 29.08.2024",
    measures: [
      { title: "Методический семинар «Анализ результатов ВПР» / семинар", planned: "октябрь", done: "15.10", result: "выявлены дефициты по геометрии, скорректированы планы" },
      { title: "Наставничество для молодых учителей / пары наставник — молодой учитель", planned: "в течение года", done: "с сентября", result: "3 пары, посещено 24 урока" },
    ],
    at: input.today,
    byName: "демонстрация",
  });
}
