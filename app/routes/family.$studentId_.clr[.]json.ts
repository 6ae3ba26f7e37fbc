import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { credentialDownload } from "~/credentials/download.server";
import { downloadClr } from "~/credentials/family.server";

export const access: RouteAccess = "read:family";

/** The child's verified achievements of the chosen years as one CLR 2.0 credential, recorded as issued. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  return credentialDownload(() => downloadClr(request, user, params.studentId ?? ""));
}
