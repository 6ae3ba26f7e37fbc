import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { FormErrors } from "~/components/field";
import { useSchemaForm } from "~/components/use-schema-form";
import { replyFor } from "~/forms";

/**
 * A form that is only a button (its values hidden): switch on or off, reset, unlink, take away. Why
 * it was refused stands in the form, whichever hidden field the reason belongs to.
 */
export function ButtonForm({
  schema,
  intent,
  hidden = {},
  lastResult,
  inline = false,
  children,
}: {
  schema: z.ZodType;
  intent: string;
  hidden?: Record<string, string>;
  lastResult: SubmissionResult<string[]> | null | undefined;
  inline?: boolean;
  children: ReactNode;
}) {
  const [form] = useSchemaForm(schema, {
    id: [intent, ...Object.values(hidden)].join("-"),
    lastResult: replyFor(lastResult, intent, hidden),
  });
  const reasons = Object.values(form.allErrors).flat();
  return (
    <Form method="post" style={inline ? { display: "inline" } : undefined} {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <FormErrors form={{ errorId: form.errorId, errors: reasons }} />
    </Form>
  );
}
