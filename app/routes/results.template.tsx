import type { LoaderFunctionArgs } from "@remix-run/node";
import { ledClass, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { classTemplate } from "~/results/template.server";

export const access: RouteAccess = "write:results";

/** A ready-to-fill sheet in the accepted layout: the class's students and the school's subjects. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const schoolId = schoolOf(user);
  const schoolClass = await ledClass(user, new URL(request.url).searchParams.get("class") ?? "");
  const { bytes, fileName } = await classTemplate({ schoolId, schoolClass, dataset: new URL(request.url).searchParams.get("dataset") });
  return new Response(bytes, {
    headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName, "attachment", bytes.length),
  });
}
