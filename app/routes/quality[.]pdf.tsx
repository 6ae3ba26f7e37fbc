import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { qualityPdf } from "~/quality/documents.server";
import { requestedReport } from "~/quality/report.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "read:quality";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:quality");
  const schoolId = schoolOf(user);
  const found = await requestedReport(schoolId, request);
  if (!found) notFound();
  const { choice, report } = found;
  const bytes = await qualityPdf(report, (await getSchool(schoolId))!.name);
  return new Response(bytes, { headers: fileHeaders("application/pdf", `мониторинг-качества-${choice.year.name.replace("/", "-")}-${choice.period}.pdf`, "attachment") });
}
