import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { readUpload } from "~/files/upload.server";
import { checkImportUpload } from "~/results/import-form.server";

export const access: RouteAccess = "write:results";

/** The import page's file check as JSON, for the upload with progress (the page itself answers the same without scripts). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const checked = await checkImportUpload(request, user, readUpload(context));
  return Response.json(checked.result, { status: checked.status });
}

/** Nothing to show: the endpoint only answers uploads. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "write:results");
  throw new Response("Не найдено", { status: 404 });
}
