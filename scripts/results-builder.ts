// Period marks, attendance and control works of a class for one year (three trimesters and the
// year), for the demo school and the synthetic one, so that summaries, trajectories and the risk
// list have data. Each student has
// an ability and a drift; a few struggle, as in any school.
import type { Types } from "mongoose";
import type { PeriodMark } from "~models/vocabulary/marks";
import { insertResultSet, switchResultSets, type ResultRow } from "~models/results.server";
import type { Random } from "./russian-names";
import { SUBJECTS_BY_LEVEL } from "~models/vocabulary/curriculum";
import { getYear } from "~models/academic-year.server";

const WORK_SUBJECTS = ["Математика", "Русский язык"];

export async function seedClassResults(options: {
  schoolId: Types.ObjectId;
  classId: Types.ObjectId;
  yearId: Types.ObjectId;
  grade: number;
  students: { _id: Types.ObjectId }[];
  subjects: Map<string, Types.ObjectId>;
  author: { _id: Types.ObjectId; name: string };
  random: Random;
}) {
  const { schoolId, classId, yearId, grade, students, subjects, author, random } = options;
  // The demo's own subjects per grade (kept as they were, so its seeded history does not change).
  const names = SUBJECTS_BY_LEVEL[grade <= 4 ? "primary" : grade <= 9 ? "basic" : "senior"].filter((n) => grade >= 7 || !["Алгебра", "Геометрия", "Физика", "Химия"].includes(n));
  const profile = students.map(() => ({ ability: 2.6 + random.next() * 2.5, drift: (random.next() - 0.5) * 0.5, absent: random.next() < 0.12, exemptPE: random.next() < 0.04 }));
  const markFor = (ability: number): PeriodMark => {
    const value = Math.round(ability + (random.next() - 0.5) * 1.2);
    return Math.min(5, Math.max(2, value)) as PeriodMark;
  };
  const sums = students.map(() => new Map<string, number[]>());
  const sets: { classId: Types.ObjectId; period: string; setId: Types.ObjectId }[] = [];
  const year = await getYear({ schoolId, yearId });
  const writeSet = async (period: string, rows: ResultRow[]) => {
    const { setId } = await insertResultSet({ schoolId, classId, yearId, period, rows, record: { fileName: "демонстрационные данные", sha256: "-", by: author._id, byName: author.name, state: "applied" } });
    sets.push({ classId, period, setId });
  };
  for (const period of ["1", "2", "3", "year"]) {
    const rows: ResultRow[] = students.map((student, i) => {
      const p = profile[i];
      const marks = names.map((name) => {
        const subjectId = subjects.get(name)!;
        let mark: PeriodMark;
        if (name === "Физическая культура" && p.exemptPE) {
          mark = "exempt";
        } else if (period === "year") {
          const values = sums[i].get(name)!;
          mark = Math.round(values.reduce((a, b) => a + b, 0) / values.length) as PeriodMark;
        } else {
          mark = markFor(p.ability + p.drift * Number(period));
          sums[i].set(name, [...(sums[i].get(name) ?? []), mark as number]);
        }
        return { subjectId, mark };
      });
      const lessons = period === "year" ? 0 : 190 + random.int(0, 20);
      const absences = period === "year" ? 0 : random.int(0, p.absent ? 40 : 12);
      const unexcused = period === "year" ? 0 : p.absent ? Math.min(absences, random.int(15, 30)) : random.int(0, Math.min(3, absences));
      return period === "year"
        ? { studentId: student._id, marks, lessons: null, absences: null, unexcused: null }
        : { studentId: student._id, marks, lessons, absences, unexcused };
    });
    await writeSet(period, rows);
    // A control work in mathematics and in Russian each trimester, in the middle of it.
    const bounds = year?.periods.find((b) => String(b.number) === period);
    if (bounds) {
      const date = new Date((bounds.startDate.getTime() + bounds.endDate.getTime()) / 2);
      const works: ResultRow[] = students.map((student, i) => ({
        studentId: student._id,
        marks: [],
        lessons: null,
        absences: null,
        unexcused: null,
        works: WORK_SUBJECTS.filter((name) => subjects.has(name)).map((name) => {
          const mark = markFor(profile[i].ability + profile[i].drift * Number(period)) as number;
          return { subjectId: subjects.get(name)!, title: `Контрольная работа за ${period}-й триместр`, kind: "control" as const, date, mark, percent: Math.min(100, mark * 20 - random.int(0, 15)) };
        }),
      }));
      await writeSet(`${period}:works`, works);
    }
  }
  await switchResultSets(schoolId, sets);
}
