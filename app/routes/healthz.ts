import type { RouteAccess } from "~/auth/permissions";
import { pingDatabase } from "~models/db.server";

export const access: RouteAccess = "public";

/** Health for load balancers and people: a real round trip to the database. */
export async function loader() {
  const db = await pingDatabase();
  return Response.json(
    { status: db.ok ? "ok" : "unavailable", database: { kind: db.kind, ok: db.ok } },
    { status: db.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
