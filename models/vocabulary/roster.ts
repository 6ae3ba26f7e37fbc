// The contingent export a school loads (a row per student): its columns as the template writes them
// and the preview names them, and the kinds of change a loaded file makes.

/** The template's headers; a file may also use the spellings journals use (app/roster/check.server.ts). */
export const ROSTER_COLUMNS = {
  externalId: "Идентификатор",
  lastName: "Фамилия",
  firstName: "Имя",
  middleName: "Отчество",
  fullName: "ФИО",
  birthDate: "Дата рождения",
  gender: "Пол",
  className: "Класс",
  snils: "СНИЛС",
  enrolledAt: "Дата зачисления",
} as const;
export type RosterColumn = keyof typeof ROSTER_COLUMNS;

/** The parents' columns of the template: «Родитель 1: ФИО», «Родитель 1: кем приходится»… */
export const PARENT_FIELDS = { name: "ФИО", kin: "кем приходится", phone: "телефон", email: "e-mail" } as const;
export type ParentField = keyof typeof PARENT_FIELDS;
export const TEMPLATE_PARENT_SLOTS = ["Родитель 1", "Родитель 2"] as const;

/** The most parents a student's row may list. */
export const MAX_PARENTS_PER_STUDENT = 4;

export interface RosterParent {
  lastName: string;
  firstName: string;
  middleName: string;
  /** «мать», «отец», «опекун»… or empty. */
  kin: string;
  /** +7XXXXXXXXXX or empty. */
  phone: string;
  email: string;
}

/** One student's row of a checked file. */
export interface RosterRow {
  row: number;
  /** The journal's own id, or empty when the file has none. */
  externalId: string;
  lastName: string;
  firstName: string;
  middleName: string;
  /** «2015-03-12». */
  birthDate: string;
  gender: "m" | "f";
  /** «5А». */
  className: string;
  /** 11 digits, or empty. */
  snils: string;
  /** «2019-09-01», or empty when the file does not say. */
  enrolledAt: string;
  parents: RosterParent[];
}

/** What a loaded file changes, in the order the preview lists them. */
export const ROSTER_CHANGES = {
  arrival: "прибывают",
  move: "переводятся в другой класс",
  departure: "выбывают",
  update: "обновятся данные",
  unchanged: "без изменений",
} as const;

/** A student already in the registry a row may be: what the admin is asked to choose between. */
export interface RosterCandidate {
  studentId: string;
  name: string;
  /** «2015-03-12». */
  birthDate: string;
  /** The class this year, or empty. */
  className: string;
}

/**
 * What a checked file would change, against the registry as it was at the check. Ids of students
 * to be made are chosen here, so that «Применить» run twice (or again after a crash) makes them once.
 */
export interface RosterPlan {
  arrivals: { row: number; studentId: string; returning: boolean; data: RosterRow }[];
  moves: { row: number; studentId: string; name: string; fromClass: string; data: RosterRow }[];
  departures: { studentId: string; name: string; className: string }[];
  updates: { row: number; studentId: string; name: string; fields: string[]; data: RosterRow }[];
  unchanged: number;
  /** Rows whose person may or may not be a student already there (a namesake): the admin decides. */
  namesakes: { row: number; newStudentId: string; data: RosterRow; candidates: RosterCandidate[] }[];
}
