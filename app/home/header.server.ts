// What the header of every page shows beside the menu: the school's short name, what waits for this
// person (the badges) and their unread notifications. Kept FRESH_MS per person, as the school's
// clock is kept half a minute (app/school-clock.server.ts), so that going from page to page does not
// ask the database the same five or six questions each time; kept only while no request that may
// change something reached this process (a form, anyone's: app/http/guards.server.ts), so a change
// made here shows on the next page. A change made through another process shows within FRESH_MS.
import { changeEpoch } from "~/http/guards.server";
import { can } from "~/auth/permissions";
import { countUnread } from "~models/notification.server";
import { getSchool } from "~models/school.server";
import type { PublicUser } from "~models/user.server";
import { navBadges } from "./waiting.server";

export interface Header {
  schoolName: string | null;
  badges: Record<string, number>;
  unread: number;
}

const FRESH_MS = 15_000;
/** Past this many people kept, those kept too long are let go (a school has a few thousand accounts). */
const KEPT_AT_MOST = 2_000;
const kept = new Map<string, { until: number; epoch: number; header: Promise<Header> }>();

function readHeader(user: PublicUser): Promise<Header> {
  const staff = can(user.roles, "read:classes") && !user.mustChangePassword;
  return Promise.all([user.schoolId ? getSchool(user.schoolId) : null, staff ? navBadges(user) : {}, user.mustChangePassword ? 0 : countUnread(user._id)]).then(
    ([school, badges, unread]) => ({ schoolName: school?.shortName ?? null, badges, unread }),
  );
}

// The person, and what decides which counts they see (their roles; a password to change: none).
const keyOf = (user: PublicUser) => `${String(user._id)} ${user.mustChangePassword ? 1 : 0} ${user.roles.join(",")}`;

/** The header of `user`'s pages, read again after FRESH_MS or after anything that may change it. `now`: a monotonic clock. */
export function headerOf(user: PublicUser, now = performance.now()): Promise<Header> {
  const key = keyOf(user);
  const entry = kept.get(key);
  if (entry && entry.until > now && entry.epoch === changeEpoch()) return entry.header;
  if (kept.size >= KEPT_AT_MOST) for (const [k, e] of kept) if (e.until <= now) kept.delete(k);
  const fresh = { until: now + FRESH_MS, epoch: changeEpoch(), header: readHeader(user) };
  kept.set(key, fresh);
  fresh.header.catch(() => kept.get(key) === fresh && kept.delete(key)); // a failed read is not kept
  return fresh.header;
}

/** Reads the person's header again next time: a page that changes it on opening (the notifications, read). */
export function forgetHeaderOf(user: PublicUser) {
  kept.delete(keyOf(user));
}
