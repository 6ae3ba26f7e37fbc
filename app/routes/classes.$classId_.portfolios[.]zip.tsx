import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { exportableClass } from "~/documents/class-access.server";
import { classPortfoliosZip, isJobId } from "~/documents/class-portfolios.server";
import { publicOrigin } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";

export const access: RouteAccess = "export:portfolios";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:portfolios");
  const { schoolId, schoolClass } = await exportableClass(user, params.classId ?? "");
  const job = new URL(request.url).searchParams.get("job");
  const zip = await classPortfoliosZip({ request, user, schoolId, schoolClass, origin: publicOrigin(request), jobId: isJobId(job) ? job : null });
  return new Response(zip.body, { headers: fileHeaders("application/zip", zip.fileName, "attachment") });
}
