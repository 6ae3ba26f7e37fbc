import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { fileHeaders } from "~/files/evidence-access.server";
import { periodOptions } from "~/results/periods";
import { summaryPdf } from "~/results/summary-pdf.server";
import { readClassSummary } from "~/results/summary.server";
import { className } from "~models/class.server";
import { getSchool } from "~models/school.server";

export const access: RouteAccess = "read:classes";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const { schoolClass, year, period, summary } = await readClassSummary(request, user, params.classId ?? "");
  if (!summary.loaded) throw new Response("Отметки за этот период ещё не загружены", { status: 404 });
  const periodLabel = periodOptions(year, schoolClass.grade).find((p) => p.key === period)!.label;
  const title = `Сводная ведомость ${className(schoolClass)} класса, ${periodLabel}, ${year.name} учебный год`;
  const school = await getSchool(schoolOf(user));
  const bytes = await summaryPdf(summary, title, school?.name ?? "");
  await audit(request, user, { action: "export", entity: "class", entityId: String(schoolClass._id), summary: `${title} (PDF)` });
  return new Response(bytes, {
    headers: fileHeaders("application/pdf", `Ведомость ${className(schoolClass)} ${periodLabel} ${year.name.replace("/", "-")}.pdf`, "attachment", bytes.length),
  });
}
