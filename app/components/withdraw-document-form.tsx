// «Отозвать» an issued document (an extract, a credential) with the reason its verify page shows.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Field, FormErrors } from "~/components/field";
import { useSchemaForm } from "~/components/use-schema-form";
import { WithdrawDocumentSchema } from "~/documents/forms";
import { replyFor } from "~/forms";
import { EXTRACT_LIMITS } from "~models/vocabulary/limits";

export function WithdrawDocumentForm({ id, lastResult }: { id: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const [form, fields] = useSchemaForm(WithdrawDocumentSchema, {
    id: `withdraw-${id}`,
    lastResult: replyFor(lastResult, "withdraw", { id }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="id" value={id} />
      <Field
        label={null}
        meta={fields.reason}
        minLength={EXTRACT_LIMITS.reason.min}
        maxLength={EXTRACT_LIMITS.reason.max}
        placeholder="причина отзыва"
        aria-label="Причина отзыва"
      />{" "}
      <FormErrors form={form} />
      <button type="submit" className="danger">
        Отозвать
      </button>
    </Form>
  );
}
