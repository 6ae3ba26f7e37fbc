// «Справка об обучении и успеваемости» as a file: issued (recorded with its code) when the
// administration sends the student page's form; a refusal goes back to that page with its reason.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { issueAcademicRecord } from "~/documents/academic-record.server";
import { publicOrigin } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";

export const access: RouteAccess = "issue:academic-records";

/** A справка is issued only by sending the form: there is nothing to open here. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "issue:academic-records");
  notFound();
}

const IssueForm = z.object({ intent: z.literal("issue", { error: "Неизвестное действие" }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "issue:academic-records");
  const studentId = params.studentId ?? "";
  // Only the page's own form issues one: anything else sent here writes nothing.
  const submission = parseWithZod(await readForm(request, context), { schema: IssueForm });
  if (submission.status !== "success") return redirectWithNotice(`/students/${studentId}`, "Справка не выдана: отправьте форму со страницы обучающегося.");
  try {
    const { document, bytes, fileName, studentName } = await issueAcademicRecord({ schoolId: schoolOf(user), studentId, issuer: user, origin: publicOrigin(request) });
    await audit(request, user, { action: "create", entity: "document", entityId: document.code, studentId: document.studentId, summary: `справка об обучении и успеваемости: ${studentName}, ${document.schoolYear}` });
    return new Response(bytes, { headers: fileHeaders("application/pdf", fileName, "attachment", bytes.length) });
  } catch (error) {
    if (error instanceof Refusal) return redirectWithNotice(`/students/${studentId}`, error.message);
    throw error;
  }
}
