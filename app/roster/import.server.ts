// The contingent import as the page and `npm run roster:import` both run it: a file checked whole
// and compared with the registry (a plan, kept as a staged import), then «Применить» with the
// admin's answers (the namesakes, the departures confirmed with their dates).
import type { Types } from "mongoose";
import { pluralRu, todayIso } from "~/domain/format";
import { readTable, type FileProblem, type Table } from "~/files/table-file.server";
import { Conflict, NotFound, RefusedByRule } from "~/http/refusals";
import { getCurrentYear, type AcademicYear } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";
import { getStagedRosterImport, markRosterImportApplied, markRosterImportApplying, type RosterApplied } from "~models/roster-import.server";
import { ROSTER_CHANGES, type RosterPlan, type RosterRow } from "~models/vocabulary/roster";
import { applyRosterPlan, type Departure } from "./apply.server";
import { checkRosterTable } from "./check.server";
import { planRoster, resolveNamesakes } from "./plan.server";

export async function currentYearOf(schoolId: Types.ObjectId) {
  const year = await getCurrentYear(schoolId);
  if (!year) throw new RefusedByRule("В школе нет текущего учебного года: контингент загружается в открытый год.", "file");
  if (year.closedAt) throw new RefusedByRule(`Учебный год ${year.name} закрыт: контингент меняется в новом году.`, "file");
  return year;
}

/** A contingent file checked and compared with the registry: its problems, or what it would change. */
export async function checkRosterFile({ schoolId, bytes }: { schoolId: Types.ObjectId; bytes: Uint8Array }) {
  return checkRosterTableOf({ schoolId, table: await readTable(bytes), wholeClasses: true });
}

/**
 * The same check for a table made on the page (a student entered by hand: `wholeClasses` false,
 * so that nobody else of the class is proposed to leave).
 */
export async function checkRosterTableOf({ schoolId, table, wholeClasses }: { schoolId: Types.ObjectId; table: Table; wholeClasses: boolean }): Promise<{ year: AcademicYear; problems: FileProblem[]; plan: RosterPlan | null; rows: RosterRow[] | null; wholeClasses: boolean }> {
  const year = await currentYearOf(schoolId);
  const classes = await listClasses(schoolId, year._id);
  if (!classes.length) throw new RefusedByRule(`В учебном году ${year.name} ещё нет классов: создайте их на странице «Классы».`, "file");
  const checked = checkRosterTable(table, { classNames: new Set(classes.map(className)), yearStart: year.startDate });
  if (checked.problems.length) return { year, problems: checked.problems, plan: null, rows: null, wholeClasses };
  return { year, problems: [], plan: await planRoster({ schoolId, yearId: year._id, rows: checked.rows, wholeClasses }), rows: checked.rows, wholeClasses };
}

/** «прибывают: 5, переводятся в другой класс: 3, …» — the plan in one line (the CLI, the audit log). */
export function describePlan(plan: RosterPlan) {
  const parts = [
    `${ROSTER_CHANGES.arrival}: ${plan.arrivals.length}`,
    `${ROSTER_CHANGES.move}: ${plan.moves.length}`,
    `${ROSTER_CHANGES.departure}: ${plan.departures.length}`,
    `${ROSTER_CHANGES.update}: ${plan.updates.length}`,
    `${ROSTER_CHANGES.unchanged}: ${plan.unchanged}`,
  ];
  if (plan.namesakes.length) parts.push(`нужно решить о тёзках: ${plan.namesakes.length}`);
  return parts.join(", ");
}

export const describeApplied = (a: RosterApplied) =>
  `Контингент обновлён: прибыло ${pluralRu(a.arrivals, ["ученик", "ученика", "учеников"])}, переведено ${a.moves}, выбыло ${a.departures}, обновлены данные ${a.updates}.`;

/** What a plan changes, without the ids it chose for students still to be made: equal for the same changes. */
function planShape(plan: RosterPlan) {
  return JSON.stringify([
    plan.arrivals.map((a) => [a.row, a.returning ? a.studentId : "new", a.data.className]),
    plan.moves.map((m) => [m.row, m.studentId, m.fromClass, m.data.className]),
    plan.updates.map((u) => [u.row, u.studentId, u.fields]),
    plan.departures.map((d) => d.studentId),
    plan.namesakes.map((n) => [n.row, n.candidates.map((c) => c.studentId)]),
    plan.unchanged,
  ]);
}

export interface RosterAnswers {
  /** The day of the arrivals and moves, «2026-12-02». */
  on: string;
  /** Each namesake's row and its answer: "new" or the id of the student it is. */
  namesakes: Map<number, string>;
  /** The departures confirmed: each with its day and where the student went. */
  departures: { studentId: string; on: string; to: string }[];
}

export function dayInYear(iso: string, year: AcademicYear, now: Date, what: string, field: string) {
  const day = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== iso) throw new RefusedByRule(`${what}: нет такой даты`, field);
  if (iso > todayIso(now)) throw new RefusedByRule(`${what}: дата ещё не наступила`, field);
  if (day < year.startDate || day > year.endDate) throw new RefusedByRule(`${what}: дата вне учебного года ${year.name}`, field);
  return day;
}

/**
 * «Применить»: the plan checked at the preview, with the admin's answers, written; what it did. The
 * same staged file applied twice (a second tab) is a 409; a cut-off run is finished by running it again.
 */
export async function applyStagedRoster(input: { schoolId: Types.ObjectId; by: Types.ObjectId; importId: string; answers: RosterAnswers; now?: Date }): Promise<RosterApplied> {
  const { schoolId, by, importId, answers, now = new Date() } = input;
  const staged = await getStagedRosterImport({ schoolId, by, importId });
  if (!staged) throw new NotFound("Проверка файла не найдена или устарела: загрузите его заново.");
  if (staged.state === "applied") throw new Conflict("Этот файл уже применён.");
  if (!staged.plan) throw new RefusedByRule("В файле есть ошибки: исправьте его и загрузите снова; ничего не изменено.");
  const year = await currentYearOf(schoolId);
  if (String(year._id) !== String(staged.yearId)) throw new Conflict("Учебный год сменился после проверки: загрузите файл заново.");
  if (staged.state === "checked") {
    // The registry may have changed since the preview (another file applied, a student entered by
    // hand): the same rows planned now must give the same changes, or nothing is written.
    if (staged.rows) {
      const now = await planRoster({ schoolId, yearId: year._id, rows: staged.rows, wholeClasses: staged.wholeClasses });
      if (planShape(now) !== planShape(staged.plan)) throw new Conflict("После проверки контингент изменился (применён другой файл или внесены изменения): загрузите файл заново; ничего не изменено.");
    }
    // A press that finds it begun (cut off by a crash) finishes it: every write repeats safely.
    if (!(await markRosterImportApplying({ schoolId, importId: staged._id }))) throw new Conflict("Этот файл уже применяется или применён.");
  }
  let applied: RosterApplied;
  try {
    applied = await applyAnswered({ schoolId, year, plan: staged.plan, answers, now });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new Conflict("Такой ученик уже записан (совпал идентификатор журнала): загрузите файл заново.");
    throw error;
  }
  if (!(await markRosterImportApplied({ schoolId, importId: staged._id, applied }))) throw new Conflict("Этот файл уже применён.");
  return applied;
}

/** A plan with the admin's answers checked (every namesake answered, departures from the plan, days within the year) and written. */
export async function applyAnswered({ schoolId, year, plan, answers, now = new Date() }: { schoolId: Types.ObjectId; year: AcademicYear; plan: RosterPlan; answers: RosterAnswers; now?: Date }) {
  const on = dayInYear(answers.on, year, now, "Дата прибытия и переводов", "on");
  for (const n of plan.namesakes) {
    const choice = answers.namesakes.get(n.row);
    if (!choice) throw new RefusedByRule(`Строка ${n.row}: выберите, новый это ученик или уже записанный.`, "namesakes");
    if (choice !== "new" && !n.candidates.some((c) => c.studentId === choice)) throw new RefusedByRule(`Строка ${n.row}: такого варианта не было.`, "namesakes");
  }
  const listed = new Map(plan.departures.map((d) => [d.studentId, d.name]));
  const departures: Departure[] = answers.departures.map((d) => {
    const name = listed.get(d.studentId);
    if (!name) throw new RefusedByRule("Выбывающий не из списка этой проверки: загрузите файл заново.", "departures");
    return { studentId: d.studentId, on: dayInYear(d.on, year, now, `Выбытие: ${name}`, "departures"), to: d.to.trim() };
  });
  const resolved = await resolveNamesakes(schoolId, year._id, plan, answers.namesakes);
  return applyRosterPlan({ schoolId, year, plan: resolved, on, departures });
}
