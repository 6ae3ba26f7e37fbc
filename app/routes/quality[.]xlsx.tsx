import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { qualityWorkbook } from "~/quality/documents.server";
import { requestedReport } from "~/quality/report.server";

export const access: RouteAccess = "read:quality";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:quality");
  const schoolId = schoolOf(user);
  const found = await requestedReport(schoolId, request);
  if (!found) notFound();
  const { choice, report } = found;
  return new Response(await qualityWorkbook(report), {
    headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `мониторинг-качества-${choice.year.name.replace("/", "-")}-${choice.period}.xlsx`, "attachment"),
  });
}
