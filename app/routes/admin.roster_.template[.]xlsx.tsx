import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { rosterTemplate } from "~/roster/template.server";

export const access: RouteAccess = "manage:roster";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:roster");
  const bytes = await rosterTemplate();
  return new Response(bytes, { headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Шаблон контингента.xlsx", "attachment", bytes.length) });
}
