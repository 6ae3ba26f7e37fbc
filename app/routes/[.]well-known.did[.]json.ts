import type { RouteAccess } from "~/auth/permissions";
import { credentialOrigin, didDocument } from "~/credentials/issuer.server";

export const access: RouteAccess = "public";

/** The installation's DID document (did:web): every school's credential keys as Multikeys, old ones too. */
export async function loader() {
  return Response.json(await didDocument(credentialOrigin()), {
    headers: { "Content-Type": "application/did+json", "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" },
  });
}
