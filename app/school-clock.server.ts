// The school's time zone is a setting of the installation (its schools are of one region): kept in
// the database, read by every process and re-read every half minute, so a change made on one
// process reaches the others; app/domain/format.ts then shows every date and time by it.
import { schoolTimeZone, setSchoolTimeZone } from "~/domain/format";
import { getMarker, putMarker } from "~models/meta.server";
import { DEFAULT_TIME_ZONE, type TimeZone } from "~models/vocabulary/time-zones";

const MARKER = "timeZone";
const FRESH_MS = 30_000;
let readAt = -Infinity;

/** The school's time zone, read again when the last reading is older than half a minute. */
export async function loadSchoolTimeZone(now = Date.now()): Promise<TimeZone> {
  if (now - readAt >= FRESH_MS) {
    const marker = await getMarker({ name: MARKER });
    setSchoolTimeZone(marker?.state ?? DEFAULT_TIME_ZONE);
    readAt = now;
  }
  return schoolTimeZone();
}

export async function saveSchoolTimeZone(zone: TimeZone) {
  await putMarker({ name: MARKER, state: zone });
  setSchoolTimeZone(zone);
  readAt = Date.now();
}
