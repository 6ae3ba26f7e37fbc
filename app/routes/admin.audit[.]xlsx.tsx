import type { LoaderFunctionArgs } from "@remix-run/node";
import { AUDIT_EXPORT_MAX, auditFilterOf, auditLines } from "~/admin/audit-view.server";
import { auditWorkbook } from "~/admin/audit-export.server";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { todayIso } from "~/domain/format";

export const access: RouteAccess = "read:audit";

/** The log as filtered on its page, every page of it (up to AUDIT_EXPORT_MAX lines, newest first). */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "read:audit");
  const filter = auditFilterOf(new URL(request.url));
  const { lines, total, studentName } = await auditLines(schoolOf(admin), filter, { limit: AUDIT_EXPORT_MAX, skip: 0 });
  const range = [filter.from && `с ${filter.from.split("-").reverse().join(".")}`, filter.to && `по ${filter.to.split("-").reverse().join(".")}`].filter(Boolean).join(" ");
  const title = `Журнал доступа и изменений${studentName ? `: ${studentName}` : ""}${range ? `, ${range}` : ""}${total > lines.length ? ` (первые ${lines.length} из ${total})` : ""}`;
  const bytes = await auditWorkbook({ title, lines });
  await audit(request, admin, { action: "export", entity: "audit", summary: `журнал доступа в XLSX: ${lines.length} строк` });
  return new Response(bytes, { headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `Журнал доступа ${todayIso().split("-").reverse().join(".")}.xlsx`, "attachment", bytes.length) });
}
