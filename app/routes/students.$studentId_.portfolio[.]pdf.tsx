import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, reachableStudentIds, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { issuePortfolio, publicOrigin } from "~/documents/issue.server";
import { WHOLE_PORTFOLIO } from "~/documents/portfolio.server";
import { fileHeaders } from "~/files/evidence-access.server";
import { Refusal } from "~/http/refusals";
import { getStudent } from "~models/student.server";

export const access: RouteAccess = "read:students";

/** The whole portfolio of a student for the school's own use (verified achievements only), recorded as issued. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:students");
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, params.studentId ?? "", await reachableStudentIds(user));
  if (!student) notFound();
  try {
    const { document, bytes } = await issuePortfolio({ schoolId, studentId: student._id, kind: "portfolio", options: WHOLE_PORTFOLIO, issuer: user, origin: publicOrigin(request), keep: false });
    await audit(request, user, { action: "download", entity: "document", entityId: String(document._id), studentId: student._id, summary: `портфолио, код ${document.code}` });
    return new Response(bytes, { headers: fileHeaders("application/pdf", document.fileName, "attachment", bytes.length) });
  } catch (error) {
    // A damaged record (409): said in words, not answered as a fault.
    if (error instanceof Refusal) throw new Response(`Портфолио нельзя сформировать: ${error.message}`, { status: error.status });
    throw error;
  }
}
