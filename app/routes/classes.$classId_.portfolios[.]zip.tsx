import type { LoaderFunctionArgs } from "@remix-run/node";
import { ledClass, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { classPortfoliosZip, isJobId } from "~/documents/class-portfolios.server";
import { publicOrigin } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";

export const access: RouteAccess = "export:portfolios";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:portfolios");
  const schoolClass = await ledClass(user, params.classId ?? "");
  const schoolId = schoolOf(user);
  const job = new URL(request.url).searchParams.get("job");
  const zip = await classPortfoliosZip({ request, user, schoolId, schoolClass, origin: publicOrigin(request), jobId: isJobId(job) ? job : null });
  return new Response(zip.body, { headers: fileHeaders("application/zip", zip.fileName, "attachment") });
}
