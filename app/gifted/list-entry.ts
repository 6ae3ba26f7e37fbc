// One line of a school year's list of events for the gifted register, whether the admin types it
// on the page or a file brings it: one set of limits for both and for the page's fields (the
// stored list holds the same lengths, models/gifted.server.ts). No `.server`: the page reads it too.
import { parseListLevel, type GiftedListEntry } from "~/domain/gifted";

/** The longest each column may be; `level` as written in a file («региональный этап»), before it is read as a code. */
export const LIST_ENTRY_LIMITS = { event: 300, organiser: 300, profile: 200, level: 60, act: 300 } as const satisfies Record<keyof GiftedListEntry, number>;

const TYPED_TEXT = ["event", "organiser", "profile", "act"] as const;

/** A line typed into the page's form: the entry, or the first reason it is refused. */
export function readTypedEntry(typed: Record<keyof GiftedListEntry, string>): { entry: GiftedListEntry } | { error: string } {
  const [event, organiser, profile, act] = TYPED_TEXT.map((column) => typed[column].trim());
  const level = parseListLevel(typed.level);
  if (!event) return { error: "Укажите мероприятие" };
  if (level === null) return { error: "Выберите уровень из списка" };
  const entry = { event, organiser, profile, level, act };
  const tooLong = TYPED_TEXT.find((column) => entry[column].length > LIST_ENTRY_LIMITS[column]);
  if (tooLong) return { error: `Слишком длинное значение (не больше ${LIST_ENTRY_LIMITS[tooLong]} символов)` };
  return { entry };
}
