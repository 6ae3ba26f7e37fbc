import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { destroySessionHeaders, getSessionUser } from "~/auth/session.server";

export const access: RouteAccess = "public";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) await audit(request, user, { action: "logout", entity: "user", entityId: String(user._id) });
  throw redirect("/login", { headers: await destroySessionHeaders(request) });
}
