import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { qualityPdf } from "~/quality/documents.server";
import { qualityReport, reportChoice } from "~/quality/report.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "read:quality";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:quality");
  const schoolId = schoolOf(user);
  const choice = await reportChoice(schoolId, new URL(request.url));
  if (!choice) notFound();
  const report = await qualityReport(schoolId, choice.years, choice.year, choice.period);
  const bytes = await qualityPdf(report, (await getSchool(schoolId))!.name);
  return new Response(bytes, { headers: fileHeaders("application/pdf", `мониторинг-качества-${choice.year.name.replace("/", "-")}-${choice.period}.pdf`, "attachment") });
}
