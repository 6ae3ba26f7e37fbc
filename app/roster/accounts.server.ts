// Accounts for families in bulk: for the students of a class (or the school) and the parents their
// contingent rows list, each linked to the child, with one-time passwords for the login slips.
// An account already there is linked, never made twice: a student's by their record, a parent's by
// the account a sibling's row already has or a representative of the child of the same name. Ids are
// chosen before anything is written and the child's link is written first, so a cut-off run is
// finished, not doubled, by running it again.
import type { Types } from "mongoose";
import { nameKey } from "~/domain/names";
import { russianCollator } from "~/domain/format";
import { temporaryPassword } from "~/admin/users.server";
import { fullName, linkParentAccount, listStudentFamilies, listStudentsForRoster, newStudentId, type StudentParent } from "~models/student.server";
import { ensureAccountWithId, hashPassword, isLoginTaken, listAccounts, listStudentAccounts, setPassword, type AccountFacts } from "~models/user.server";

const TRANSLIT: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p",
  р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};
const latin = (text: string) => [...text.toLocaleLowerCase("ru")].map((c) => TRANSLIT[c] ?? (/[a-z0-9-]/.test(c) ? c : "")).join("");

/** «ivanova.as» for Иванова Анна Сергеевна: the surname and the initials in Latin letters. */
export function loginBase(person: { lastName: string; firstName: string; middleName?: string | null }) {
  const base = `${latin(person.lastName).slice(0, 30) || "user"}.${latin(person.firstName).slice(0, 1)}${latin(person.middleName ?? "").slice(0, 1)}`;
  return base.replace(/^[.-]+|[.-]+$/g, "").padEnd(3, "x");
}

export interface SlipAccount {
  name: string;
  /** «ученик», «мать», «родитель»… */
  who: string;
  login: string;
  /** The one-time password, or null for an account that was there already and keeps its own. */
  password: string | null;
}
export interface LoginSlip {
  children: { name: string; className: string }[];
  accounts: SlipAccount[];
}

/**
 * The same parent on two children's rows: the same name and the same phone or e-mail. A parent
 * listed by name alone is never taken for another child's parent (two mothers may share a name).
 */
const parentKey = (p: Pick<StudentParent, "lastName" | "firstName" | "middleName" | "phone" | "email">) =>
  p.phone || p.email ? `${nameKey([p.lastName, p.firstName, p.middleName].join(" "))}|${p.phone || p.email}` : null;

/**
 * An account that never signed in is given a new one-time password whenever its slip is printed (its
 * first slip may never have reached the family); a staff member's account never is.
 */
const renewable = (account: Pick<AccountFacts, "roles" | "lastLoginAt">, resetPasswords: boolean) =>
  account.roles.every((r) => r === "parent" || r === "student") && (resetPasswords || !account.lastLoginAt);

/**
 * Makes the missing accounts of the given students and their listed parents, links them, and gives
 * back a login slip per family. With `resetPasswords`, the accounts already there get new one-time
 * passwords too (a slip printed again); without it they keep their own.
 */
export async function makeFamilyAccounts(input: { schoolId: Types.ObjectId; studentIds: Types.ObjectId[]; classNameOf: Map<string, string>; resetPasswords: boolean }) {
  const { schoolId, studentIds, classNameOf, resetPasswords } = input;
  const [students, everyone, studentAccounts] = await Promise.all([
    listStudentFamilies({ schoolId, studentIds }),
    listStudentsForRoster({ schoolId }),
    listStudentAccounts({ schoolId, studentIds }),
  ]);
  const representatives = await listAccounts({ schoolId, userIds: students.flatMap((s) => s.representativeIds) });
  const accountOfStudent = new Map(studentAccounts.map((a) => [String(a.studentId), a]));
  const accountById = new Map(representatives.map((a) => [String(a._id), a]));
  // A parent another child's row already linked to an account (a sibling, in this class or another).
  const linkedParent = new Map<string, string>();
  for (const s of everyone) {
    for (const p of s.parents ?? []) {
      const key = parentKey(p);
      if (p.userId && key) linkedParent.set(key, String(p.userId));
    }
  }

  const loginsTaken = new Set<string>();
  const freeLogin = async (person: { lastName: string; firstName: string; middleName?: string | null }) => {
    const base = loginBase(person);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}${n}`;
      if (!loginsTaken.has(candidate) && !(await isLoginTaken({ login: candidate }))) {
        loginsTaken.add(candidate);
        return candidate;
      }
    }
  };

  // Who gets a new password: accounts made now, and with resetPasswords those already there.
  const passwords = new Map<string, string>();
  const made = { students: 0, parents: 0, linked: 0 };
  const familyOf = new Map<string, { children: Set<string>; accounts: Map<string, SlipAccount> }>();
  const accountsOfStudent = new Map<string, (Omit<SlipAccount, "password"> & { userId: string })[]>();

  for (const student of students) {
    const sid = String(student._id);
    const slipAccounts: (Omit<SlipAccount, "password"> & { userId: string })[] = [];
    // The student's own account.
    let own: Pick<AccountFacts, "_id" | "login" | "roles" | "lastLoginAt"> | undefined = accountOfStudent.get(sid);
    if (!own) {
      const userId = newStudentId();
      const login = await freeLogin(student);
      const password = temporaryPassword();
      await ensureAccountWithId({ schoolId, userId, user: { login, roles: ["student"], lastName: student.lastName, firstName: student.firstName, middleName: student.middleName ?? "", passwordHash: await hashPassword(password), studentId: student._id, mustChangePassword: true } });
      own = { _id: userId as unknown as Types.ObjectId, login, roles: ["student"], lastLoginAt: null };
      passwords.set(userId, password);
      made.students++;
    } else if (renewable(own, resetPasswords)) passwords.set(String(own._id), "");
    slipAccounts.push({ userId: String(own._id), name: fullName(student), who: "ученик", login: own.login });

    // The parents the contingent lists.
    for (const [index, parent] of (student.parents ?? []).entries()) {
      const key = parentKey(parent);
      let userId = parent.userId ? String(parent.userId) : ((key && linkedParent.get(key)) ?? null);
      const sameName = representatives.find((r) => r.roles.includes("parent") && nameKey(fullName(r)) === nameKey(fullName(parent)));
      userId ??= sameName ? String(sameName._id) : null;
      let account = userId ? accountById.get(userId) : undefined;
      if (userId && !account) account = (await listAccounts({ schoolId, userIds: [userId] }))[0];
      if (!userId || !account) {
        // A new account, or one chosen by a run that was cut off before making it.
        userId ??= newStudentId();
        const login = await freeLogin(parent);
        const password = temporaryPassword();
        await linkParentAccount({ schoolId, studentId: student._id, parentIndex: index, userId });
        await ensureAccountWithId({ schoolId, userId, user: { login, roles: ["parent"], lastName: parent.lastName, firstName: parent.firstName, middleName: parent.middleName ?? "", passwordHash: await hashPassword(password), mustChangePassword: true } });
        account = { _id: userId as unknown as Types.ObjectId, login, lastName: parent.lastName, firstName: parent.firstName, middleName: parent.middleName, roles: ["parent"], studentId: null, active: true, mustChangePassword: true, lastLoginAt: null };
        accountById.set(userId, account);
        passwords.set(userId, password);
        made.parents++;
      } else {
        if (!parent.userId || !student.representativeIds.some((id) => String(id) === userId)) {
          await linkParentAccount({ schoolId, studentId: student._id, parentIndex: index, userId });
          made.linked++;
        }
        if (renewable(account, resetPasswords) && !passwords.has(userId)) passwords.set(userId, "");
      }
      if (key) linkedParent.set(key, userId);
      slipAccounts.push({ userId, name: fullName(parent), who: parent.kin || "родитель", login: account.login });
    }
    accountsOfStudent.set(sid, slipAccounts);
  }

  // Passwords of accounts already there, when a slip is printed again: new ones, each ending the old sessions.
  for (const [userId, password] of passwords) {
    if (password) continue;
    const fresh = temporaryPassword();
    await setPassword(userId, fresh, true);
    passwords.set(userId, fresh);
  }

  // A family: the children who share a parent's account, on one slip.
  const familyOfParent = new Map<string, string>();
  for (const student of students) {
    const sid = String(student._id);
    const accounts = accountsOfStudent.get(sid)!;
    const parentIds = accounts.slice(1).map((a) => a.userId);
    const family = parentIds.map((id) => familyOfParent.get(id)).find(Boolean) ?? sid;
    for (const id of parentIds) familyOfParent.set(id, family);
    const slot = familyOf.get(family) ?? { children: new Set<string>(), accounts: new Map<string, SlipAccount>() };
    slot.children.add(sid);
    for (const { userId, ...a } of accounts) slot.accounts.set(userId, { ...a, password: passwords.get(userId) ?? null });
    familyOf.set(family, slot);
  }
  const nameOf = new Map(students.map((s) => [String(s._id), fullName(s)]));
  // In class order (the class teacher hands them out), then by the child's name.
  const slips: LoginSlip[] = [...familyOf.values()].map((f) => ({
    children: [...f.children].map((id) => ({ name: nameOf.get(id)!, className: classNameOf.get(id) ?? "" })),
    // Parents first, then the children, as the family reads it.
    accounts: [...f.accounts.values()].sort((a, b) => Number(a.who === "ученик") - Number(b.who === "ученик")),
  }));
  const classOrder = (name: string) => [Number(name.slice(0, -1)) || 99, name.slice(-1)] as const;
  slips.sort((a, b) => {
    const [ga, la] = classOrder(a.children[0].className);
    const [gb, lb] = classOrder(b.children[0].className);
    return ga - gb || russianCollator.compare(la, lb) || russianCollator.compare(a.children[0].name, b.children[0].name);
  });
  return { slips, made };
}
