import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { credentialOrigin } from "~/credentials/issuer.server";
import { STATUS_LISTS, statusListCredential } from "~/credentials/status-list.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "public";

/** A school's Bitstring Status List, signed: a verifier reads a credential's bit here (set: revoked). It names no one. */
export async function loader({ params }: LoaderFunctionArgs) {
  const list = Number(params.list);
  if (!/^[0-9a-f]{24}$/.test(params.schoolId ?? "") || !Number.isInteger(list) || list < 1 || list > STATUS_LISTS) notFound();
  const school = await getSchool(params.schoolId!);
  if (!school) notFound();
  const credential = await statusListCredential({ origin: credentialOrigin(), schoolId: school._id, list });
  return Response.json(credential, { headers: { "Content-Type": "application/vc+ld+json", "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" } });
}
