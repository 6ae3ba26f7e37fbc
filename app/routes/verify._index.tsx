import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors } from "~/components/field";
import { CODE_INPUT_MAX, VerifyCodeSchema } from "~/documents/forms";
import { readForm } from "~/http/read-form.server";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Проверка документа — Реестр достижений" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: VerifyCodeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  return redirect(`/verify/${submission.value.code}`);
}

export default function VerifyForm() {
  const [form, fields] = useSchemaForm(VerifyCodeSchema, {
    lastResult: useActionData<typeof action>(),
  });
  return (
    <>
      <h1>Проверка документа</h1>
      <p>Введите код проверки, напечатанный в блоке «Проверка подлинности» выписки или портфолио.</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field label="Код проверки" meta={fields.code} maxLength={CODE_INPUT_MAX} autoComplete="off" placeholder="XXXX-XXXX-XXXX" />
        <FormErrors form={form} />
        <button type="submit" data-main-action>
          Проверить
        </button>
      </Form>
    </>
  );
}
