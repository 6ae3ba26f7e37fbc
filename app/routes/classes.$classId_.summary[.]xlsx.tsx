import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { periodOptions } from "~/results/periods";
import { summaryWorkbook } from "~/results/summary-xlsx.server";
import { readClassSummary } from "~/results/summary.server";
import { className } from "~models/class.server";

export const access: RouteAccess = "read:classes";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const { schoolClass, year, period, summary } = await readClassSummary(request, user, params.classId ?? "");
  const periodLabel = periodOptions(year, schoolClass.grade).find((p) => p.key === period)!.label;
  const title = `Сводная ведомость ${className(schoolClass)} класса, ${periodLabel}, ${year.name} учебный год`;
  const bytes = await summaryWorkbook(summary, title);
  await audit(request, user, { action: "export", entity: "class", entityId: String(schoolClass._id), summary: title });
  return new Response(bytes, {
    headers: fileHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `Ведомость ${className(schoolClass)} ${periodLabel} ${year.name.replace("/", "-")}.xlsx`, "attachment", bytes.length),
  });
}
