import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { CheckboxField, ErrorList, Field, FormErrors } from "~/components/field";
import { formatDateTime } from "~/domain/format";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import { redirectWithNotice } from "~/http/notice.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { readSchoolCard, saveCard } from "~/school/card.server";
import { CARD_LIMITS, LOGO_LIMITS_TEXT, SchoolCardSchema } from "~/school/forms";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "manage:school-card";
export const meta: MetaFunction = () => [{ title: "Карточка школы — Реестр достижений" }];

/** The school's card as the administration keeps it: what every issued document's letterhead shows. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:school-card");
  const school = await readSchoolCard(schoolOf(user));
  if (!school) notFound();
  return school;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:school-card");
  const schoolId = schoolOf(user);
  // The form is multipart when a logo is sent; its text fields are checked here, the logo as an upload.
  const upload = readUpload(context);
  const refused = refusedUpload(upload, { field: "logo" });
  if (refused) return refused;
  const submission = parseWithZod(upload ? upload.fields : await readForm(request, context), { schema: SchoolCardSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const logoFile = upload?.files.find((f) => f.field === "logo" && (f.originalName !== "" || f.bytes.length > 0)) ?? null;
  let outcome: Awaited<ReturnType<typeof saveCard>>;
  try {
    outcome = await saveCard(request, user, schoolId, submission.value, logoFile);
  } catch (error) {
    return replyRefused(submission, error);
  }
  const logoNote = outcome.logo === "replaced" ? " Логотип загружен." : outcome.logo === "removed" ? " Логотип убран." : "";
  return redirectWithNotice("/admin/school", `Карточка школы сохранена: новые документы выйдут с этими реквизитами.${logoNote}`);
}

export default function SchoolCardPage() {
  const { card, logo } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useSchemaForm(SchoolCardSchema, {
    lastResult: useActionData<typeof action>(),
    defaultValue: card,
  });
  // The logo is not a field of the schema: its reasons come from the server, under the name «logo».
  const logoId = `${form.id}-logo`;
  const logoErrors = form.allErrors.logo;
  return (
    <>
      <h1>Карточка школы</h1>
      <p className="muted">Наименование, реквизиты и логотип печатаются в шапке каждого выдаваемого документа (портфолио, выписки, решения о зачёте). Уже выданные документы не меняются.</p>
      <Form method="post" encType="multipart/form-data" className="stack" style={{ maxWidth: "44rem" }} {...getFormProps(form)}>
        <Field label="Полное наименование" meta={fields.name} maxLength={CARD_LIMITS.name} />
        <Field label="Сокращённое наименование" meta={fields.shortName} maxLength={CARD_LIMITS.shortName} />
        <Field label="Адрес" meta={fields.address} maxLength={CARD_LIMITS.address} />
        <div className="toolbar">
          <Field label="Телефон" meta={fields.phone} type="tel" maxLength={CARD_LIMITS.phone} />
          <Field label="Электронная почта" meta={fields.email} type="email" maxLength={CARD_LIMITS.email} />
        </div>
        <div className="toolbar">
          <Field label="Должность руководителя" meta={fields.directorTitle} maxLength={CARD_LIMITS.directorTitle} placeholder="Директор" />
          <Field label="ФИО руководителя" meta={fields.director} maxLength={CARD_LIMITS.director} />
        </div>
        <div className="toolbar">
          <Field label="ИНН" meta={fields.inn} inputMode="numeric" maxLength={10} hint="10 цифр (ИНН организации)" />
          <Field label="ОГРН" meta={fields.ogrn} inputMode="numeric" maxLength={13} hint="13 цифр" />
        </div>
        <label>
          Логотип для шапки документов
          <input
            type="file"
            id={logoId}
            name="logo"
            accept="image/png,image/jpeg"
            aria-invalid={logoErrors?.length ? true : undefined}
            aria-describedby={[`${logoId}-hint`, logoErrors?.length ? `${logoId}-error` : ""].filter(Boolean).join(" ")}
          />
          <small id={`${logoId}-hint`} className="muted">
            {LOGO_LIMITS_TEXT}.{" "}
            {logo ? `Сейчас: ${logo.type === "image/png" ? "PNG" : "JPEG"} ${logo.width}×${logo.height}, загружен ${formatDateTime(logo.uploadedAt)}.` : "Сейчас логотипа нет."}
          </small>
          <ErrorList id={`${logoId}-error`} errors={logoErrors} />
        </label>
        {logo ? <CheckboxField label=" Убрать логотип из шапки документов" meta={fields.removeLogo} /> : null}
        <FormErrors form={form} />
        <button type="submit" disabled={busy}>
          {busy ? "Сохраняю…" : "Сохранить"}
        </button>
      </Form>
    </>
  );
}
