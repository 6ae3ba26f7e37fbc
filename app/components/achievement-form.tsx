import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useMemo } from "react";
import { ACHIEVEMENT_KIND_FORMS, AchievementForm as AchievementSchema, TEXT_MAX } from "~/achievements/forms";
import { isShown } from "~/achievements/kinds";
import { ErrorList, Field as FieldInput, FormErrors, SelectField, TextareaField } from "~/components/field";
import { KINDS, type Field, type Kind } from "~models/vocabulary/achievement-kinds";
import { UPLOAD_LIMITS_TEXT } from "~storage/limits";

interface Props {
  kinds: Kind[];
  kind: Kind | null;
  /** The stored answers when editing. */
  defaultValue?: Record<string, string>;
  /** The action's reply: the form as sent, with its reasons. */
  lastResult: SubmissionResult<string[]> | null | undefined;
  existingFiles?: { id: string; name: string }[];
  submitLabel: string;
  /** When editing, the kind is fixed. */
  fixedKind?: boolean;
  /** A family's proposal: sent for review at once (no draft), a photo straight from the phone's camera. */
  family?: boolean;
}

/**
 * The form for every kind: its fields come from the kinds' descriptions, checked by the same schema
 * in the browser and by the action (app/achievements/forms.ts). A field that depends on another
 * answer (the ВсОШ stage) appears once that answer is given.
 */
export function AchievementForm({ kinds, kind, defaultValue, lastResult, existingFiles, submitLabel, fixedKind, family }: Props) {
  const submit = useSubmit();
  const busy = useNavigation().state === "submitting";
  const constraint = useMemo(() => (kind ? getZodConstraint(ACHIEVEMENT_KIND_FORMS[kind]) : undefined), [kind]);
  const [form, fields] = useForm({
    id: `achievement-${kind ?? "none"}`,
    lastResult,
    defaultValue,
    constraint,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AchievementSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const answers = (form.value ?? {}) as Record<string, unknown>;
  const shown = kind ? (KINDS[kind].fields as readonly Field[]).filter((f) => isShown(f, answers)) : [];
  const removing = new Set([fields.removeFile.initialValue ?? []].flat());
  return (
    <>
      {fixedKind ? null : (
        <Form method="get" className="toolbar">
          <label>
            Вид достижения
            <select name="kind" defaultValue={kind ?? ""} onChange={(e) => e.currentTarget.form && submit(e.currentTarget.form)}>
              <option value="">выберите…</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {KINDS[k].label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary" data-main-action>
            Выбрать
          </button>
        </Form>
      )}
      <ErrorList errors={fields.kind.errors} className="alert" />
      {kind ? (
        <Form method="post" encType="multipart/form-data" className="stack card" {...getFormProps(form)}>
          <input type="hidden" name={fields.kind.name} value={kind} />
          <h2 style={{ marginTop: 0 }}>{KINDS[kind].label}</h2>
          <FieldInput label="Дата (получения результата) *" meta={fields.date} type="date" />
          {shown.map((field) => (
            <KindField key={field.name} field={field} meta={fields[field.name]} />
          ))}
          {existingFiles?.length ? (
            <fieldset>
              <legend>Прикреплённые документы (отметьте, чтобы убрать)</legend>
              <div className="checks">
                {existingFiles.map((f) => (
                  <label key={f.id}>
                    <input type="checkbox" name={fields.removeFile.name} value={f.id} defaultChecked={removing.has(f.id)} /> {f.name}
                  </label>
                ))}
              </div>
              <ErrorList id={fields.removeFile.errorId} errors={fields.removeFile.errors} />
            </fieldset>
          ) : null}
          {family ? (
            // On a phone this opens the camera: the diploma photographed where it hangs. Both inputs send «files».
            <label className="camera">
              Сфотографировать документ
              <input type="file" name={fields.files.name} accept="image/*" capture="environment" />
            </label>
          ) : null}
          <FieldInput
            label={`${family ? "Или выбрать файлы" : "Подтверждающие документы"}: дипломы, грамоты, сертификаты, справки (${UPLOAD_LIMITS_TEXT})`}
            meta={fields.files}
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"
          />
          <FormErrors form={form} />
          <div className="toolbar">
            <button type="submit" name="intent" value="submit" disabled={busy} data-main-action>
              {busy ? "Сохранение…" : submitLabel}
            </button>
            {family ? null : (
              <button type="submit" name="intent" value="draft" className="secondary" disabled={busy}>
                Сохранить черновик
              </button>
            )}
          </div>
        </Form>
      ) : (
        // Nothing chosen yet (or an upload refused before its fields were read): the reason still shows.
        <FormErrors form={form} />
      )}
    </>
  );
}

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/**
 * One field of a kind, drawn by its type; required when the kind needs it and it applies. Its limits
 * come from the same description the schema is built from (zod no longer hands them to Conform's
 * constraint), so a browser without scripts keeps them too.
 */
function KindField({ field, meta }: { field: Field; meta: Meta }) {
  const label = `${field.label}${field.required ? " *" : ""}`;
  switch (field.type) {
    case "select":
      return (
        <SelectField label={label} meta={meta} required={field.required}>
          <option value="">—</option>
          {Object.entries(field.options).map(([code, text]) => (
            <option key={code} value={code}>
              {text}
            </option>
          ))}
        </SelectField>
      );
    case "number":
      return <FieldInput label={label} meta={meta} type="number" required={field.required} min={field.min} max={field.max} step={field.integer ? 1 : "any"} />;
    case "date":
      return <FieldInput label={label} meta={meta} type="date" required={field.required} />;
    case "text":
      return field.multiline ? (
        <TextareaField label={label} meta={meta} rows={4} required={field.required} maxLength={field.max ?? TEXT_MAX} />
      ) : (
        <FieldInput label={label} meta={meta} required={field.required} maxLength={field.max ?? TEXT_MAX} />
      );
  }
}
