import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { audit } from "~/auth/audit.server";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { evidenceFor, fileHeaders } from "~/files/evidence-access.server";
import { openEvidenceStream } from "~storage/evidence-store.server";

export const access: RouteAccess = "read:portfolio";

/** A confirming document: images open in the browser, PDFs download; each download is logged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:portfolio");
  const evidence = await evidenceFor(user, params.fileId ?? "");
  await audit(request, user, { action: "download", entity: "file", entityId: String(evidence._id), studentId: evidence.studentId, summary: evidence.name });
  const stream = openEvidenceStream(evidence.gridFsId);
  const disposition = evidence.type === "application/pdf" ? "attachment" : "inline";
  return new Response(createReadableStreamFromReadable(stream), { headers: fileHeaders(evidence.type, evidence.name, disposition, evidence.size) });
}
