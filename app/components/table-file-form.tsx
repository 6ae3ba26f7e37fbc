// The form that sends a table file (XLSX or CSV) to be checked whole: the file field with its
// reasons, «Проверить», and the form's other reasons. The file is not in the form's schema (the
// server inspects it as a table), so its reasons are read by name.
import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { ErrorList, FormErrors } from "./field";

export function TableFileForm<Schema extends Record<string, unknown>>({ form, maxText }: { form: FormMetadata<Schema, string[]>; maxText: string }) {
  const busy = useNavigation().state !== "idle";
  const fileErrors = form.allErrors.file;
  const fileErrorId = `${form.id}-file-error`;
  return (
    <Form method="post" encType="multipart/form-data" className="toolbar" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="check" />
      <label>
        Файл (до {maxText})
        <input
          type="file"
          name="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          required
          aria-invalid={fileErrors?.length ? true : undefined}
          aria-describedby={fileErrors?.length ? fileErrorId : undefined}
        />
        <ErrorList id={fileErrorId} errors={fileErrors} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Проверка…" : "Проверить"}
      </button>
      <FormErrors form={{ errorId: form.errorId, errors: Object.entries(form.allErrors).flatMap(([name, reasons]) => (name === "file" ? [] : reasons)) }} />
    </Form>
  );
}
