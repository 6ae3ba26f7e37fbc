import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { schoolIndicatorsFile } from "~/municipal/school-file.server";

export const access: RouteAccess = "export:indicators";

/** The school's indicators 1–16 for a municipal view elsewhere: counts only, no person. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:indicators");
  const file = await schoolIndicatorsFile(schoolOf(user));
  await audit(request, user, { action: "export", entity: "indicators", summary: `показатели для муниципалитета: ${Object.keys(file.years).join(", ") || "нет данных"}` });
  return new Response(JSON.stringify(file, null, 2), { headers: fileHeaders("application/json", "показатели-школы.json", "attachment") });
}
