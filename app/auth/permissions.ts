// Who may do what: the one table every loader and action checks first (through
// requireUserWithPermission), and the navigation uses to show only what a person can open.
import type { Role } from "~models/vocabulary/roles";

const STAFF = ["admin", "classTeacher", "teacher", "specialist", "archivist"] as const satisfies readonly Role[];

export const PERMISSIONS = {
  // Staff pages over students and classes; which students each sees is narrowed by reachableStudents.
  "read:students": STAFF,
  "read:classes": STAFF,
  // Achievements: entered by teachers and specialists (specialists: УУД and personal results
  // only, see kindsAllowed), verified by the class teacher of the student's class or the admin.
  "write:achievements": ["admin", "classTeacher", "teacher", "specialist"],
  "verify:achievements": ["admin", "classTeacher"],
  // Achievements and their confirming documents: whoever reaches the student (checked per record;
  // families see verified ones only).
  "read:portfolio": ["admin", "classTeacher", "teacher", "specialist", "archivist", "parent", "student"],
  // Period marks and attendance from the journal: the class teacher for their class, the admin for any.
  "write:results": ["admin", "classTeacher"],
  // The risk group (seed 000 §4, §6): the working group of admin, specialists and class teachers.
  "read:risk": ["admin", "classTeacher", "specialist"],
  // The school's measures by class and grade for a period (seed 000 §5).
  "read:dashboard": ["admin", "specialist"],
  // Individual routes and additions to the risk group by judgement (seed 000 §4.2, §6).
  "write:support": ["admin", "classTeacher", "specialist"],
  // The gifted register (ГИР) and credit decisions (seed 004 §3.4, §5): the administration decides;
  // a family applies for credit (a student only when of age, checked with the application).
  "manage:gifted": ["admin"],
  "decide:credits": ["admin"],
  "apply:credits": ["parent", "student"],
  "manage:users": ["admin"],
  // Classes of the current year: made, staffed (class and subject teachers) and, while empty, removed
  // by the administration; the other staff see the class pages without the forms.
  "manage:classes": ["admin"],
  // The students of the school: loaded from the journal's contingent export (arrivals, moves between
  // classes, departures, each with its date) and their families' accounts made in bulk.
  "manage:roster": ["admin"],
  // «Справка об обучении и успеваемости» (seed 004 §4.7), issued by the administration.
  "issue:academic-records": ["admin"],
  // The school's thresholds (risk criteria, justified period marks).
  "manage:settings": ["admin"],
  // The school's card (names, details, director, ИНН and ОГРН, the logo of its documents' letterhead).
  "manage:school-card": ["admin"],
  "read:audit": ["admin"],
  // Family pages: a parent's own children, a student's own record (seed 004 §6).
  "read:family": ["parent", "student"],
  // Extracts from the portfolio: asked for by a legal representative (seed 004 §6.2–6.3), decided
  // by the class teacher of the child's class or the admin, who also download a class's portfolios.
  "request:extracts": ["parent"],
  "approve:extracts": ["admin", "classTeacher"],
  "export:portfolios": ["admin", "classTeacher"],
  // The school year: closing it and moving classes up (the administration); the yearly archive is
  // made, checked and kept by the archivist (and the administration); records past their storage
  // period are removed by the administration only, after a verified archive (seed 004 §7).
  "manage:years": ["admin"],
  // External assessments (ВПР, ОГЭ, ГВЭ, ЕГЭ): loaded by the administration; the school's quality
  // report (seed 002) goes to the administration and the teachers, a family sees its own child's.
  "write:assessments": ["admin"],
  "read:quality": ["admin", "classTeacher", "teacher", "specialist"],
  // The municipality's indicators are the school's to export for a municipal view elsewhere.
  "export:indicators": ["admin"],
  "export:archive": ["admin", "archivist"],
  "manage:retention": ["admin"],
  // Aggregates across schools, never a person (seed 003).
  "read:municipal": ["municipal"],
  // One's own notifications (the bell) and whether they also come by e-mail.
  "read:notifications": ["admin", "classTeacher", "teacher", "specialist", "archivist", "parent", "student", "municipal"],
  "change:own-password": ["admin", "classTeacher", "teacher", "specialist", "archivist", "parent", "student", "municipal"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What a route needs: a permission, or `public` for pages anyone may open (sign-in, health). */
export type RouteAccess = Permission | "public" | "signed-in";

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export interface NavItem {
  to: string;
  label: string;
}

/** A top entry of the navigation: a page, or a group whose pages show in a second row. */
export interface NavEntry extends NavItem {
  /** The group's pages this person can open (the entry links to the first). */
  items: NavItem[];
  /** Where the group's pages live, to mark it current on pages not listed (the year's periods, say). */
  paths: string[];
}

type NavPage = NavItem & { permission: Permission };
type NavGroup = { label: string; paths: string[]; pages: NavPage[] };

// At most seven top entries for anyone: the pages each role opens daily, and three groups.
const NAV: (NavPage | NavGroup)[] = [
  { to: "/home", label: "Главная", permission: "read:classes" },
  { to: "/classes", label: "Классы", permission: "read:classes" },
  { to: "/students", label: "Обучающиеся", permission: "read:students" },
  {
    label: "Достижения",
    paths: ["/achievements", "/extracts", "/gifted", "/credits"],
    pages: [
      { to: "/achievements", label: "На проверке", permission: "verify:achievements" },
      { to: "/extracts", label: "Выписки", permission: "approve:extracts" },
      { to: "/gifted", label: "ГИР", permission: "manage:gifted" },
      { to: "/credits", label: "Зачёт", permission: "decide:credits" },
    ],
  },
  {
    label: "Успеваемость",
    paths: ["/school", "/quality", "/risk", "/results"],
    pages: [
      { to: "/school", label: "Итоги", permission: "read:dashboard" },
      { to: "/quality", label: "Качество", permission: "read:quality" },
      { to: "/risk", label: "Группа риска", permission: "read:risk" },
      { to: "/results/import", label: "Загрузка отметок", permission: "write:results" },
      { to: "/results/external", label: "ВПР, ОГЭ, ЕГЭ", permission: "write:assessments" },
    ],
  },
  { to: "/family", label: "Портфолио", permission: "read:family" },
  { to: "/municipal", label: "Показатели школ", permission: "read:municipal" },
  {
    label: "Администрирование",
    paths: ["/admin", "/archive"],
    pages: [
      { to: "/admin/users", label: "Пользователи", permission: "manage:users" },
      { to: "/admin/roster", label: "Контингент", permission: "manage:roster" },
      { to: "/admin/year", label: "Учебный год", permission: "manage:years" },
      { to: "/archive", label: "Архив", permission: "export:archive" },
      { to: "/admin/retention", label: "Сроки хранения", permission: "manage:retention" },
      { to: "/admin/school", label: "Карточка школы", permission: "manage:school-card" },
      { to: "/admin/settings", label: "Настройки", permission: "manage:settings" },
      { to: "/admin/audit", label: "Журнал доступа", permission: "read:audit" },
    ],
  },
];

/** The navigation of someone with these roles: a group with one page they can open is that page. */
export function navFor(roles: readonly Role[]): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const entry of NAV) {
    if ("to" in entry) {
      if (can(roles, entry.permission)) entries.push({ to: entry.to, label: entry.label, items: [], paths: [entry.to] });
      continue;
    }
    const items = entry.pages.filter((p) => can(roles, p.permission)).map(({ to, label }) => ({ to, label }));
    if (items.length === 1) entries.push({ ...items[0], items: [], paths: [items[0].to] });
    else if (items.length > 1) entries.push({ to: items[0].to, label: entry.label, items, paths: entry.paths });
  }
  return entries;
}

/** Where each person lands after signing in. */
export function startPage(roles: readonly Role[]): string {
  if (can(roles, "read:classes")) return "/home";
  if (can(roles, "read:family")) return "/family";
  if (can(roles, "read:municipal")) return "/municipal";
  return "/password";
}
