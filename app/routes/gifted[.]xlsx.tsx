import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { qualifyingStudents } from "~/gifted/eligibility.server";
import { qualifyingWorkbook } from "~/gifted/export.server";
import { chosenYear } from "~/gifted/years.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "manage:gifted";

/** Who qualifies for the register this year, and on what: one row per qualifying result, for submission. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:gifted");
  const schoolId = schoolOf(user);
  const { year } = await chosenYear(schoolId, request);
  const [{ rows }, school] = await Promise.all([qualifyingStudents(schoolId, year, null), getSchool(schoolId)]);
  const bytes = await qualifyingWorkbook({ schoolName: school?.name ?? "", year, rows });
  await audit(request, user, { action: "export", entity: "gifted", entityId: year, summary: `список ГИР ${year}: ${rows.length} строк` });
  return new Response(bytes, { headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `ГИР ${year.replace("/", "-")}.xlsx`, "attachment", bytes.length) });
}
