import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { credentialDownload } from "~/credentials/download.server";
import { downloadBadge } from "~/credentials/family.server";

export const access: RouteAccess = "read:family";

/** One verified achievement of the family's child as an Open Badges 3.0 credential, recorded as issued. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  return credentialDownload(() => downloadBadge(request, user, params.studentId ?? "", params.achievementId ?? ""));
}
