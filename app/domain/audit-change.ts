// What an audit line's change says, in words: «состояние: на проверке → подтверждено». The log
// keeps what was written (before/after as stored); this is how a person reads it. Field names and
// coded values come from the vocabularies that defined them; an id is named or left unsaid.
import { KINDS } from "~models/vocabulary/achievement-kinds";
import { ROLE_LABELS } from "~models/vocabulary/roles";
import { formatDate, formatNumber } from "./format";

export interface ChangeLine {
  field: string;
  was: string;
  now: string;
}

const FIELD_LABELS: Record<string, string> = {
  status: "состояние",
  date: "дата",
  reason: "причина",
  kind: "вид",
  title: "название",
  active: "учётная запись",
  roles: "роли",
  classTeacherId: "классный руководитель",
  teacherId: "учитель",
  studentId: "обучающийся",
  resultSet: "загруженные отметки",
  periodKind: "система периодов",
  periods: "периоды",
  thresholds: "пороги",
  mark: "отметка",
  period: "период",
  outcome: "решение",
  act: "основание",
  login: "логин",
  email: "эл. почта",
  phone: "телефон",
  lastName: "фамилия",
  firstName: "имя",
  middleName: "отчество",
  birthDate: "дата рождения",
  failingMarks: "отметок «2» для группы риска",
  absenceShare: "доля пропусков",
  absenceLessons: "пропущенных уроков",
  failedWorkPercent: "процент выполнения работы",
  failedWorks: "неудачных работ",
  lowUudGroups: "групп УУД на низком уровне",
  maladjustmentNotes: "наблюдений о дезадаптации",
  periodMarkMinCurrent: "текущих отметок для итоговой",
};

const VALUE_LABELS: Record<string, string> = {
  draft: "черновик",
  submitted: "на проверке",
  verified: "подтверждено",
  rejected: "отклонено",
  requested: "ждёт решения",
  approved: "выдано",
  refused: "отказано",
  credited: "зачтено",
  trimester: "триместры",
  quarter: "четверти",
  half: "полугодия",
  ...ROLE_LABELS,
};

// The achievement kinds' own field names and answers («olympiadType: vsosh» → «Олимпиада: ВсОШ»).
const KIND_FIELD_LABELS: Record<string, string> = {};
for (const kind of Object.values(KINDS)) {
  for (const field of kind.fields) {
    KIND_FIELD_LABELS[field.name] ??= field.label.toLowerCase();
    if (field.type === "select") for (const [code, label] of Object.entries(field.options)) VALUE_LABELS[code] ??= label;
  }
}

/** A field's name: a record's own field by the record's words, one inside it (an achievement's details) by its kind's. */
function fieldLabel(path: string) {
  const key = path.split(".").at(-1)!;
  const nested = path.includes(".");
  const label = nested ? (KIND_FIELD_LABELS[key] ?? FIELD_LABELS[key]) : (FIELD_LABELS[key] ?? KIND_FIELD_LABELS[key]);
  return label ?? (/[а-яё]/i.test(key) ? key : "другое поле");
}

const ID = /^[0-9a-f]{24}$/i;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;

/** One stored value as words; ids are named through `names` or said as «запись». */
function valueText(value: unknown, names: Map<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (typeof value === "number") return formatNumber(value, 0, 3);
  if (value instanceof Date) return formatDate(value);
  if (typeof value === "string") {
    if (ID.test(value)) return names.get(value) ?? "запись";
    if (ISO_MOMENT.test(value)) return formatDate(value);
    return VALUE_LABELS[value] ?? personName(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? "—" : value.every((v) => typeof v !== "object" || v === null) ? value.map((v) => valueText(v, names)).join(", ") : `${value.length} шт.`;
  return "…";
}

/** Leaves of a stored object by their path: { details: { points: 41 } } → «details.points»: 41 (a field is named by its last part). */
function leaves(value: unknown, into = new Map<string, unknown>(), prefix = ""): Map<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date) && !isObjectId(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (inner && typeof inner === "object" && !Array.isArray(inner) && !(inner instanceof Date) && !isObjectId(inner)) leaves(inner, into, `${prefix}${key}.`);
      else into.set(`${prefix}${key}`, isObjectId(inner) ? String(inner) : inner);
    }
  }
  return into;
}
const isObjectId = (value: unknown) => typeof value === "object" && value !== null && (value as { _bsontype?: string })._bsontype === "ObjectId";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ between what was and what is, each «поле: было → стало»; `names` names ids (people, classes). */
export function describeChange(before: unknown, after: unknown, names: Map<string, string> = new Map()): ChangeLine[] {
  const was = leaves(before);
  const now = leaves(after);
  const lines: ChangeLine[] = [];
  for (const path of new Set([...was.keys(), ...now.keys()])) {
    const [a, b] = [was.get(path), now.get(path)];
    if (before && after && same(a, b)) continue;
    lines.push({ field: fieldLabel(path), was: before ? valueText(a, names) : "—", now: after ? valueText(b, names) : "—" });
  }
  return lines;
}

/** The line as one phrase, for a cell of the export. */
export const changeText = (lines: ChangeLine[]) => lines.map((l) => `${l.field}: ${l.was} → ${l.now}`).join("; ");

/** The person of a stored line «Фамилия Имя Отчество (login)» by their name alone (a login is latin, digits, dots, dashes). */
export const personName = (stored: string) => stored.replace(/\s*\([a-z0-9._-]+\)$/i, "") || "—";
