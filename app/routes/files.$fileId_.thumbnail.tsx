import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { evidenceFor, fileHeaders } from "~/files/evidence-access.server";
import { getThumbnail } from "~models/evidence.server";

export const access: RouteAccess = "read:portfolio";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const evidence = await evidenceFor(user, params.fileId ?? "");
  const thumbnail = await getThumbnail(schoolOf(user), String(evidence._id));
  if (!thumbnail) notFound();
  return new Response(new Uint8Array(thumbnail), { headers: fileHeaders("image/webp", `${evidence.name}.webp`, "inline", thumbnail.length) });
}
