// Login slips as a file: accounts for the families of a class or the school, or one family's slip
// again. A refusal goes back to the page it came from with its reason.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { publicOrigin } from "~/documents/issue.server";
import { fileHeaders } from "~/files/evidence-access.server";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";
import { Refusal } from "~/http/refusals";
import { RosterImportSchema } from "~/roster/forms";
import { classAccounts, familySlipAgain } from "~/roster/slips.server";

export const access: RouteAccess = "manage:roster";

/** Slips are made only by sending the form: there is nothing to open here. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:roster");
  notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "manage:roster");
  const schoolId = schoolOf(admin);
  const submission = parseWithZod(await readForm(request, context), { schema: RosterImportSchema });
  const input = submission.status === "success" ? submission.value : null;
  const back = input?.intent === "reslip" ? `/students/${input.studentId}` : "/admin/roster";
  if (!input || (input.intent !== "accounts" && input.intent !== "reslip")) return redirectWithNotice(back, "Не выбрано, для кого выдать листки входа.");
  try {
    const origin = publicOrigin(request);
    const { bytes, fileName, summary } = input.intent === "accounts" ? await classAccounts(schoolId, input.classId, origin) : await familySlipAgain(schoolId, input.studentId, origin);
    await audit(request, admin, { action: "create", entity: "user", entityId: input.intent === "reslip" ? input.studentId : input.classId, summary });
    return new Response(bytes, { headers: fileHeaders("application/pdf", fileName, "attachment", bytes.length) });
  } catch (error) {
    if (error instanceof Refusal) return redirectWithNotice(back, error.message);
    throw error;
  }
}
