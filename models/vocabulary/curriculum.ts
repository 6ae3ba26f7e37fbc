// The usual curriculum of a Russian school (ФГОС НОО, ООО, СОО): the subjects each grade studies,
// which a new school starts from and then changes on its own «Учебный план» page. In grade 1 no
// marks are given (seed 001): its subjects are studied without marks.

export const SUBJECTS_BY_LEVEL: Record<"primary" | "basic" | "senior", string[]> = {
  primary: ["Русский язык", "Литературное чтение", "Математика", "Окружающий мир", "Английский язык", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура"],
  basic: ["Русский язык", "Литература", "Математика", "Алгебра", "Геометрия", "Вероятность и статистика", "Английский язык", "История", "Обществознание", "География", "Биология", "Физика", "Химия", "Информатика", "Музыка", "Изобразительное искусство", "Труд (технология)", "Физическая культура", "ОБЗР"],
  senior: ["Русский язык", "Литература", "Алгебра", "Геометрия", "Английский язык", "История", "Обществознание", "Физика", "Химия", "Биология", "Информатика", "Физическая культура", "ОБЗР", "Индивидуальный проект"],
};

export const ALL_SUBJECTS = [...new Set(Object.values(SUBJECTS_BY_LEVEL).flat())];

/** Subjects begun only in grade 7. */
const FROM_GRADE_7 = ["Алгебра", "Геометрия", "Физика", "Химия"];

/** The subjects a grade studies in the usual curriculum. */
export function standardSubjectsOfGrade(grade: number): string[] {
  const level = grade <= 4 ? "primary" : grade <= 9 ? "basic" : "senior";
  return SUBJECTS_BY_LEVEL[level].filter((name) => grade >= 7 || !FROM_GRADE_7.includes(name));
}

/** How a subject of a grade is assessed: with marks 1–5, by «зач»/«незач», or (grade 1) not at all. */
export const ASSESSMENTS = { marks: "отметки 1–5", pass: "зачёт / незачёт", none: "без отметок" } as const;
export type Assessment = keyof typeof ASSESSMENTS;

/** The grades of a Russian school. */
export const GRADES = Array.from({ length: 11 }, (_, i) => i + 1);

/** The grade in which nothing is marked (seed 001). */
export const UNMARKED_GRADE = 1;
