import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import type { RouteAccess } from "~/auth/permissions";
import { normaliseCode } from "~/documents/codes.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "public";
export const meta: MetaFunction = () => [{ title: "Проверка документа — Реестр достижений" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const code = normaliseCode(String(form.get("code") ?? "").slice(0, 40));
  if (!code) return Response.json({ error: "Код — 12 букв и цифр, как напечатано в документе (например, 7KQ2-M9XD-4TFA)." }, { status: 400 });
  throw redirect(`/verify/${code}`);
}

export default function VerifyForm() {
  const result = useActionData<{ error?: string }>();
  return (
    <>
      <h1>Проверка документа</h1>
      <p>Введите код проверки, напечатанный в блоке «Проверка подлинности» выписки или портфолио.</p>
      <Form method="post" className="stack">
        <label>
          Код проверки
          <input name="code" required maxLength={40} autoComplete="off" placeholder="XXXX-XXXX-XXXX" />
        </label>
        {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
        <button type="submit">Проверить</button>
      </Form>
    </>
  );
}
