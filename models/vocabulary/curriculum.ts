// The usual curriculum of a Russian school (ФГОС НОО, ООО, СОО): the subjects each grade studies,
// which a new school starts from and then changes on its own «Учебный план» page. In grade 1 no
// marks are given (seed 001): its subjects are studied without marks.

export const SUBJECTS_BY_LEVEL: Record<"primary" | "basic" | "senior", string[]> = {
  primary: ["Русский язык", "Литературное чтение", "Математика", "Окружающий мир", "Английский язык", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура"],
  basic: ["Русский язык", "Литература", "Математика", "Алгебра", "Геометрия", "Вероятность и статистика", "Английский язык", "История", "Обществознание", "География", "Биология", "Физика", "Химия", "Информатика", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура", "ОБЗР"],
  senior: ["Русский язык", "Литература", "Алгебра", "Геометрия", "Английский язык", "История", "Обществознание", "Физика", "Химия", "Биология", "Информатика", "Физическая культура", "ОБЗР", "Индивидуальный проект"],
};

export const ALL_SUBJECTS = [...new Set(Object.values(SUBJECTS_BY_LEVEL).flat())];

/** The grades of the basic school (5–9) that study a subject, where not all five do (ФГОС ООО). */
const BASIC_GRADES: Record<string, [number, number]> = {
  Математика: [5, 6],
  Алгебра: [7, 9],
  Геометрия: [7, 9],
  "Вероятность и статистика": [7, 9],
  Физика: [7, 9],
  Информатика: [7, 9],
  Химия: [8, 9],
  ОБЗР: [8, 9],
  Обществознание: [6, 9],
  "Изобразительное искусство": [5, 7],
  Музыка: [5, 8],
};

/** The subjects a grade studies in the usual curriculum. */
export function standardSubjectsOfGrade(grade: number): string[] {
  const level = grade <= 4 ? "primary" : grade <= 9 ? "basic" : "senior";
  if (level !== "basic") return SUBJECTS_BY_LEVEL[level];
  return SUBJECTS_BY_LEVEL.basic.filter((name) => {
    const [from, to] = BASIC_GRADES[name] ?? [5, 9];
    return grade >= from && grade <= to;
  });
}

/** How a subject of a grade is assessed: with marks 1–5, by «зач»/«незач», or (grade 1) not at all. */
export const ASSESSMENTS = { marks: "отметки 1–5", pass: "зачёт / незачёт", none: "без отметок" } as const;
export type Assessment = keyof typeof ASSESSMENTS;

/** The grades of a Russian school. */
export const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);

/** The grade in which nothing is marked (seed 001). */
export const UNMARKED_GRADE = 1;
