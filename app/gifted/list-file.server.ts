// The yearly list of events for the gifted register, as the admin loads it from XLSX or CSV:
// «Мероприятие» (required), «Организатор», «Профиль», «Уровень», «Основание». Checked whole: any
// bad row refuses the file, each problem with its row and column.
import { normaliseName, parseListLevel } from "~/domain/gifted";
import { type GiftedListEntry } from "~models/vocabulary/gifted";
import { headerKey, type FileProblem, type Table } from "~/files/table-file.server";
import { LIST_ENTRY_LIMITS } from "~models/vocabulary/limits";

type Column = keyof GiftedListEntry;
const COLUMNS: Record<string, Column> = {
  мероприятие: "event", олимпиада: "event", конкурс: "event", "олимпиада конкурс": "event", "олимпиада, конкурс": "event", название: "event", наименование: "event",
  организатор: "organiser", профиль: "profile", предмет: "profile", "предмет профиль": "profile", уровень: "level", этап: "level",
  основание: "act", документ: "act", приказ: "act", "нормативный акт": "act",
};
const LABELS: Record<Column, string> = { event: "Мероприятие", organiser: "Организатор", profile: "Профиль", level: "Уровень", act: "Основание" };

export const LIST_TEMPLATE_HEADERS = Object.values(LABELS);

export function checkGiftedList(table: Table): { entries: GiftedListEntry[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const index: Partial<Record<Column, number>> = {};
  table.headers.forEach((h, i) => {
    const column = COLUMNS[headerKey(h).replace(/[.:/]/g, " ").replace(/\s+/g, " ").trim()];
    if (column && index[column] === undefined) index[column] = i;
  });
  if (index.event === undefined) return { entries: [], problems: [{ row: 1, column: "Мероприятие", message: "нет столбца «Мероприятие» (название олимпиады или конкурса)" }] };
  const entries: GiftedListEntry[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (column: Column) => (index[column] === undefined ? "" : (cells[index[column]!] ?? "").trim());
    const entry: GiftedListEntry = { event: cell("event"), organiser: cell("organiser"), profile: cell("profile"), level: "", act: cell("act") };
    let bad = false;
    const problem = (column: Column, message: string) => {
      problems.push({ row, column: LABELS[column], message });
      bad = true;
    };
    if (!entry.event) problem("event", "не указано мероприятие");
    for (const column of Object.keys(LIST_ENTRY_LIMITS) as Column[]) if (cell(column).length > LIST_ENTRY_LIMITS[column]) problem(column, `длиннее ${LIST_ENTRY_LIMITS[column]} символов`);
    const level = parseListLevel(cell("level"));
    if (level === null) problem("level", `непонятный уровень «${cell("level")}»: школьный, муниципальный, региональный, всероссийский (заключительный) или международный`);
    else entry.level = level;
    const key = [entry.event, entry.profile, entry.level].map(normaliseName).join("|");
    if (!bad && seen.has(key)) problem("event", `та же строка, что и строка ${seen.get(key)}`);
    if (!bad) {
      seen.set(key, row);
      entries.push(entry);
    }
  }
  if (table.rows.length === 0) problems.push({ row: 2, column: "Мероприятие", message: "в файле нет ни одной строки" });
  return { entries, problems };
}
