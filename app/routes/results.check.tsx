import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { readUpload } from "~/http/read-form.server";
import { checkImportUpload } from "~/results/import-form.server";

export const access: RouteAccess = "write:results";

/**
 * The import page's file check for the upload with progress (the page itself answers the same
 * without scripts): the form's reasons as JSON, or the redirect to the preview, which the
 * request follows and the page then opens.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "write:results");
  const answer = await checkImportUpload(request, user, readUpload(context));
  return answer instanceof Response ? answer : Response.json(answer.data, answer.init ?? undefined);
}

/** Nothing to show: the endpoint only answers uploads. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "write:results");
  throw new Response("Не найдено", { status: 404 });
}
