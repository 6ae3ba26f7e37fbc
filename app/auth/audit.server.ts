import type { Types } from "mongoose";
import { appendAudit, type NewAuditEntry } from "~models/audit.server";
import { fullName } from "~models/student.server";
import type { PublicUser } from "~models/user.server";

/** The client's address as the server saw it (set by server.ts, never taken from the client). */
export const clientIp = (request: Request) => request.headers.get("x-registry-client-ip") ?? "";

/** One line in the audit log: who, when, from where, what. */
export async function audit(
  request: Request,
  user: PublicUser | null,
  entry: Omit<NewAuditEntry, "schoolId" | "userId" | "userName" | "ip"> & { schoolId?: Types.ObjectId | null },
) {
  await appendAudit({
    schoolId: entry.schoolId ?? (user?.schoolId as Types.ObjectId | null) ?? null,
    userId: user?._id ?? null,
    userName: user ? `${fullName(user)} (${user.login})` : "",
    ip: clientIp(request),
    ...entry,
  });
}
