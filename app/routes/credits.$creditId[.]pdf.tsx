import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { decisionForFamily } from "~/credits/decisions.server";
import { readIssuedBytes } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";

export const access: RouteAccess = "apply:credits";

/** The decision in force as issued (its SHA-256 is on the verify page), for the child's family only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "apply:credits");
  const document = await decisionForFamily(user, params.creditId ?? "");
  const bytes = await readIssuedBytes(document);
  if (!bytes) throw new Response("Не найдено", { status: 404 });
  await audit(request, user, { action: "download", entity: "document", entityId: String(document._id), studentId: document.studentId, summary: `решение о зачёте ${document.code}` });
  return new Response(bytes, { headers: fileHeaders("application/pdf", document.fileName, "attachment", bytes.length) });
}
