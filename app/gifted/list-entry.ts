// One line of a school year's list of events for the gifted register, whether the admin types it
// on the page (app/gifted/forms.ts) or a file brings it (list-file.server.ts): one set of limits for
// both and for the page's fields (the stored list holds the same lengths, models/gifted.server.ts).
// No `.server`: the page reads it too.
import type { GiftedListEntry } from "~/domain/gifted";

/** The longest each column may be; `level` as written in a file («региональный этап»), before it is read as a code. */
export const LIST_ENTRY_LIMITS = { event: 300, organiser: 300, profile: 200, level: 60, act: 300 } as const satisfies Record<keyof GiftedListEntry, number>;
