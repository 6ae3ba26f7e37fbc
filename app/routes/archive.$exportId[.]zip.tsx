import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { markDownloaded, storedArchiveBody } from "~/archive/jobs.server";
import { getArchiveExport } from "~models/archive.server";

export const access: RouteAccess = "export:archive";

/** A finished yearly archive, streamed from the database as it was written. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:archive");
  const job = await getArchiveExport(schoolOf(user), params.exportId ?? "");
  if (!job || job.state !== "done" || !job.gridFsId || job.removedAt) notFound();
  await markDownloaded(job);
  await audit(request, user, { action: "download", entity: "archive", entityId: String(job._id), summary: `Скачан архив ${job.schoolYear} (${job.fileName}, SHA-256 ${job.sha256})` });
  return new Response(storedArchiveBody(job), { headers: fileHeaders("application/zip", job.fileName, "attachment", job.size) });
}
