import type { LoaderFunctionArgs } from "@remix-run/node";
import type { RouteAccess } from "~/auth/permissions";
import { didDocument } from "~/credentials/issuer.server";
import { publicOrigin } from "~/http/public-origin.server";

export const access: RouteAccess = "public";

/** The installation's DID document (did:web): every school's credential keys as Multikeys, old ones too. */
export async function loader({ request }: LoaderFunctionArgs) {
  return Response.json(await didDocument(publicOrigin(request)), {
    headers: { "Content-Type": "application/did+json", "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" },
  });
}
