// What a checked contingent file would change, against the registry as it is: who arrives, who
// moves to another class, who left (absent from the file's classes), whose details change, who is
// unchanged — and which rows may be a namesake of a student already there, for the admin to decide.
// Matching: by the journal's id when the file has one, else by name (ё = е, case and spaces
// ignored) and birth date. Never a guess: a name alone is a question, not a match.
import type { Types } from "mongoose";
import { russianCollator } from "~/domain/format";
import { nameKey } from "~/domain/names";
import { className, listClasses } from "~models/class.server";
import { fullName, listRunningEnrolments, newStudentId, listStudentsForRoster, type RosterStudent, type StudentDetails } from "~models/student.server";
import type { RosterCandidate, RosterParent, RosterPlan, RosterRow } from "~models/vocabulary/roster";

const iso = (date: Date) => date.toISOString().slice(0, 10);
const personKey = (p: { lastName: string; firstName: string; middleName?: string | null }) => nameKey([p.lastName, p.firstName, p.middleName ?? ""].join(" "));
const rowName = (r: RosterRow) => [r.lastName, r.firstName, r.middleName].filter(Boolean).join(" ");

/**
 * The details a row gives a student. For one already there, what the file leaves empty (СНИЛС, the
 * journal's id, the parents) stays as it was, and parents already linked to an account keep it.
 */
export function detailsOf(row: RosterRow, before?: Pick<RosterStudent, "parents"> | null): StudentDetails {
  const linked = new Map((before?.parents ?? []).filter((p) => p.userId).map((p) => [personKey(p), p.userId]));
  const details: StudentDetails = {
    lastName: row.lastName,
    firstName: row.firstName,
    middleName: row.middleName,
    birthDate: new Date(`${row.birthDate}T00:00:00Z`),
    gender: row.gender,
    snils: row.snils,
    externalId: row.externalId || null,
    parents: row.parents.map((p) => ({ ...p, userId: linked.get(personKey(p)) ?? null })),
  };
  if (before) {
    if (!row.snils) delete details.snils;
    if (!row.externalId) delete details.externalId;
    if (!row.parents.length) delete details.parents;
  }
  return details;
}

const parentLine = (p: RosterParent) => [personKey(p), p.kin, p.phone, p.email].join("|");

/** Which of a matched student's details the row would change, in words; empty when none. */
export function changedFields(student: RosterStudent, row: RosterRow): string[] {
  const fields: string[] = [];
  if (student.lastName !== row.lastName || student.firstName !== row.firstName || (student.middleName ?? "") !== row.middleName) fields.push("ФИО");
  if (iso(student.birthDate) !== row.birthDate) fields.push("дата рождения");
  if (student.gender !== row.gender) fields.push("пол");
  if (row.snils && student.snils !== row.snils) fields.push("СНИЛС");
  if (row.externalId && student.externalId !== row.externalId) fields.push("идентификатор");
  // A file without parents' columns leaves the parents as they are.
  if (row.parents.length && row.parents.map(parentLine).join("\n") !== (student.parents ?? []).map((p) => parentLine({ ...p, middleName: p.middleName ?? "", kin: p.kin ?? "", phone: p.phone ?? "", email: p.email ?? "" })).join("\n")) {
    fields.push("родители");
  }
  return fields;
}

/** The school's students, those who left too, and the class each is in now («5А»), by student id. */
async function rosterNow(schoolId: Types.ObjectId, yearId: Types.ObjectId) {
  const [classes, students, running] = await Promise.all([listClasses(schoolId, yearId), listStudentsForRoster({ schoolId }), listRunningEnrolments({ schoolId, yearId })]);
  const classNameOf = new Map(classes.map((c) => [String(c._id), className(c)]));
  return { students, classNow: new Map(running.map((e) => [String(e.studentId), classNameOf.get(String(e.classId)) ?? ""])) };
}

/** A row found to be a student already there: back at school, moved, with changed details, or unchanged. */
function placeMatched(plan: RosterPlan, row: RosterRow, student: RosterStudent, classNow: Map<string, string>) {
  const studentId = String(student._id);
  const now = classNow.get(studentId);
  if (student.leftAt || !now) plan.arrivals.push({ row: row.row, studentId, returning: true, data: row });
  else if (now !== row.className) plan.moves.push({ row: row.row, studentId, name: rowName(row), fromClass: now, data: row });
  else {
    const fields = changedFields(student, row);
    if (fields.length) plan.updates.push({ row: row.row, studentId, name: rowName(row), fields, data: row });
    else plan.unchanged++;
  }
}

/** `wholeClasses` false: the rows are some students only (one entered by hand), so nobody is proposed to leave. */
export async function planRoster({ schoolId, yearId, rows, wholeClasses = true }: { schoolId: Types.ObjectId; yearId: Types.ObjectId; rows: RosterRow[]; wholeClasses?: boolean }): Promise<RosterPlan> {
  const { students, classNow } = await rosterNow(schoolId, yearId);
  const byExternalId = new Map(students.filter((s) => s.externalId).map((s) => [s.externalId!, s]));
  const byNameAndBirth = new Map<string, RosterStudent[]>();
  const byName = new Map<string, RosterStudent[]>();
  for (const s of students) {
    const key = personKey(s);
    byName.set(key, [...(byName.get(key) ?? []), s]);
    byNameAndBirth.set(`${key}|${iso(s.birthDate)}`, [...(byNameAndBirth.get(`${key}|${iso(s.birthDate)}`) ?? []), s]);
  }
  const candidate = (s: RosterStudent): RosterCandidate => ({ studentId: String(s._id), name: fullName(s), birthDate: iso(s.birthDate), className: classNow.get(String(s._id)) ?? "" });

  const plan: RosterPlan = { arrivals: [], moves: [], departures: [], updates: [], unchanged: 0, namesakes: [] };
  const matched = new Set<string>();
  const asked = new Set<string>();
  for (const row of rows) {
    const key = personKey(row);
    let match: RosterStudent | null = null;
    let question: RosterStudent[] = [];
    const known = row.externalId ? byExternalId.get(row.externalId) : undefined;
    const same = (byNameAndBirth.get(`${key}|${row.birthDate}`) ?? []).filter((s) => !matched.has(String(s._id)));
    if (known) match = known;
    // The same name and birth date: the one student there is this one (with the journal's ids, only
    // one who has none yet — the first file with ids); more than one, or one the journal knows by
    // another id (the ids changed, or a namesake), is a question.
    else if (same.length === 1 && (!row.externalId || !same[0].externalId)) match = same[0];
    else if (same.length) question = same;
    // The same name, another birth date: a question too (a typo, or a namesake). A student the
    // journal knows by another id is another person.
    else question = (byName.get(key) ?? []).filter((s) => !row.externalId || !s.externalId);
    if (!match && question.length) {
      question.forEach((s) => asked.add(String(s._id)));
      plan.namesakes.push({ row: row.row, newStudentId: newStudentId(), data: row, candidates: question.map(candidate) });
      continue;
    }
    if (!match) {
      plan.arrivals.push({ row: row.row, studentId: newStudentId(), returning: false, data: row });
      continue;
    }
    matched.add(String(match._id));
    placeMatched(plan, row, match, classNow);
  }
  // Who left: in one of the file's classes now, and neither in the file nor a namesake asked about.
  const fileClasses = new Set(wholeClasses ? rows.map((r) => r.className) : []);
  for (const s of students) {
    const id = String(s._id);
    const now = classNow.get(id);
    if (!now || s.leftAt || matched.has(id) || asked.has(id) || !fileClasses.has(now)) continue;
    plan.departures.push({ studentId: id, name: fullName(s), className: now });
  }
  plan.departures.sort((a, b) => russianCollator.compare(a.className, b.className) || russianCollator.compare(a.name, b.name));
  return plan;
}

/** How a namesake was answered: a new student, or the one already there of that id. */
export type NamesakeChoice = "new" | string;

/** The plan once the namesakes are answered: each becomes an arrival, a move or an update. */
export async function resolveNamesakes(schoolId: Types.ObjectId, yearId: Types.ObjectId, plan: RosterPlan, choices: Map<number, NamesakeChoice>): Promise<RosterPlan> {
  if (!plan.namesakes.length) return plan;
  const { students, classNow } = await rosterNow(schoolId, yearId);
  const resolved: RosterPlan = { ...plan, arrivals: [...plan.arrivals], moves: [...plan.moves], updates: [...plan.updates], namesakes: [] };
  for (const n of plan.namesakes) {
    const choice = choices.get(n.row)!;
    if (choice === "new") {
      resolved.arrivals.push({ row: n.row, studentId: n.newStudentId, returning: false, data: n.data });
      continue;
    }
    placeMatched(resolved, n.data, students.find((s) => String(s._id) === choice)!, classNow);
  }
  return resolved;
}
