import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { extractForFamily } from "~/documents/extracts.server";
import { readIssuedBytes } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";

export const access: RouteAccess = "read:family";

/** The issued extract, byte for byte as issued (its SHA-256 is on the verify page), for the child's family only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  const document = await extractForFamily(user, params.extractId ?? "");
  const bytes = await readIssuedBytes(document);
  if (!bytes) throw new Response("Не найдено", { status: 404 });
  await audit(request, user, { action: "download", entity: "document", entityId: String(document._id), studentId: document.studentId, summary: `выписка ${document.code}` });
  return new Response(bytes, { headers: fileHeaders("application/pdf", document.fileName, "attachment", bytes.length) });
}
