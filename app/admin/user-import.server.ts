// A list of users from XLSX/CSV: checked whole first (every problem with its row and column),
// shown as a preview, then created all together with temporary passwords.
import { z } from "zod";
import { rolesConflict, ROLES, ROLE_LABELS, type Role } from "~models/vocabulary/roles";
import { headerKey, type Table } from "~/files/table-file.server";
import { hashPassword, insertUsersAllOrNone, listTakenLogins } from "~models/user.server";
import { loginField } from "./forms";
import { temporaryPassword } from "./users.server";
import type { Types } from "mongoose";

import { IMPORT_COLUMNS } from "~models/vocabulary/user-import-columns";
import type { StagedProblem as ImportProblem, StagedUserRow as ImportRow } from "~models/user-import.server";

export type { ImportProblem, ImportRow };
type Column = keyof typeof IMPORT_COLUMNS;

const HEADER_ALIASES: Record<string, Column> = {
  фамилия: "lastName", имя: "firstName", отчество: "middleName", логин: "login", роль: "roles", роли: "roles",
};

// Role names as schools write them, besides the codes and the full labels.
const ROLE_WORDS: Record<string, Role> = {
  ...Object.fromEntries(ROLES.map((r) => [r.toLowerCase(), r])),
  ...Object.fromEntries(ROLES.map((r) => [headerKey(ROLE_LABELS[r]), r])),
  администратор: "admin", администрация: "admin", завуч: "admin",
  "классный руководитель": "classTeacher", учитель: "teacher", "учитель-предметник": "teacher",
  психолог: "specialist", "педагог-психолог": "specialist", "социальный педагог": "specialist",
  архивариус: "archivist", родитель: "parent", "законный представитель": "parent", обучающийся: "student", ученик: "student",
};

const nameCell = z.string().max(60, "не длиннее 60 символов").regex(/^[\p{L}\s'’-]*$/u, "только буквы, пробел и дефис");


export async function checkUserTable(table: Table): Promise<{ rows: ImportRow[]; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const index: Partial<Record<Column, number>> = {};
  table.headers.forEach((h, i) => {
    const column = HEADER_ALIASES[headerKey(h)];
    if (column && index[column] === undefined) index[column] = i;
  });
  for (const column of ["lastName", "firstName", "login", "roles"] as Column[]) {
    if (index[column] === undefined) problems.push({ row: 1, column: IMPORT_COLUMNS[column], message: `нет столбца «${IMPORT_COLUMNS[column]}»` });
  }
  if (problems.length) return { rows: [], problems };
  if (table.rows.length === 0) return { rows: [], problems: [{ row: 2, column: "", message: "в файле нет ни одной строки с данными" }] };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (c: Column) => (index[c] === undefined ? "" : (cells[index[c]!] ?? ""));
    const problem = (c: Column, message: string) => problems.push({ row, column: IMPORT_COLUMNS[c], message });
    const names: Partial<Record<Column, string>> = {};
    for (const c of ["lastName", "firstName", "middleName"] as Column[]) {
      const parsed = nameCell.safeParse(cell(c));
      if (!parsed.success) problem(c, parsed.error.issues[0].message);
      else names[c] = parsed.data;
    }
    if (!cell("lastName")) problem("lastName", "не заполнена");
    if (!cell("firstName")) problem("firstName", "не заполнено");
    const login = loginField.safeParse(cell("login"));
    if (!login.success) problem("login", login.error.issues[0].message);
    else if (seen.has(login.data)) problem("login", `повторяет логин из строки ${seen.get(login.data)}`);
    else seen.set(login.data, row);
    const words = cell("roles").split(/[,;/]+/).map((w) => headerKey(w)).filter(Boolean);
    const roles = [...new Set(words.map((w) => ROLE_WORDS[w]))];
    const unknown = words.filter((w) => !ROLE_WORDS[w]);
    if (words.length === 0) problem("roles", "не указана роль");
    else if (unknown.length) problem("roles", `неизвестная роль «${unknown[0]}»`);
    else if (roles.includes("municipal")) problem("roles", "муниципальных специалистов здесь не создают");
    else {
      const conflict = rolesConflict(roles as Role[]);
      if (conflict) problem("roles", conflict);
    }
    if (login.success) {
      rows.push({ row, lastName: names.lastName ?? "", firstName: names.firstName ?? "", middleName: names.middleName ?? "", login: login.data, roles: roles as Role[] });
    }
  }
  const taken = await listTakenLogins({ logins: rows.map((r) => r.login) });
  for (const login of taken) {
    const r = rows.find((x) => x.login === login)!;
    problems.push({ row: r.row, column: IMPORT_COLUMNS.login, message: `логин «${login}» уже занят` });
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows, problems };
}

/**
 * Creates every row or none (insertUsersAllOrNone: one ordered insert, and if any of it fails,
 * a login taken in the meantime, the ones already written are removed again).
 */
export async function applyUserImport(schoolId: Types.ObjectId, rows: ImportRow[]) {
  const passwords = rows.map(() => temporaryPassword());
  // A few at a time: argon2 runs on Node's worker threads, and sign-ins share them.
  const hashes: string[] = [];
  for (let i = 0; i < passwords.length; i += 2) hashes.push(...(await Promise.all(passwords.slice(i, i + 2).map((p) => hashPassword(p)))));
  await insertUsersAllOrNone({
    schoolId,
    users: rows.map((r, i) => ({
      login: r.login, lastName: r.lastName, firstName: r.firstName, middleName: r.middleName, roles: r.roles,
      passwordHash: hashes[i], mustChangePassword: true,
    })),
  });
  return rows.map((r, i) => ({ login: r.login, name: [r.lastName, r.firstName, r.middleName].filter(Boolean).join(" "), password: passwords[i] }));
}
