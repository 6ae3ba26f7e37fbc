// The roles of the design's table; labels as the school says them.
export const ROLES = ["admin", "classTeacher", "teacher", "specialist", "archivist", "parent", "student", "municipal"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Администрация",
  classTeacher: "Классный руководитель",
  teacher: "Учитель-предметник",
  specialist: "Педагог-психолог, социальный педагог",
  archivist: "Архивариус",
  parent: "Родитель (законный представитель)",
  student: "Обучающийся",
  municipal: "Муниципальный специалист",
};

export const STAFF_ROLES: readonly Role[] = ["admin", "classTeacher", "teacher", "specialist", "archivist"];

/**
 * Which roles may be held together: any set of staff roles; parent, student and municipal only
 * alone (a family member or a child never holds a staff login, seed 001).
 */
export function rolesConflict(roles: readonly Role[]): string | null {
  if (roles.length === 0) return "Выберите хотя бы одну роль";
  const solo = roles.filter((r) => r === "parent" || r === "student" || r === "municipal");
  if (solo.length > 0 && roles.length > 1) return `Роль «${ROLE_LABELS[solo[0]]}» не совмещается с другими ролями`;
  return null;
}
