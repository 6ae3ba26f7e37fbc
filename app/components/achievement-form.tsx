import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { KINDS, type Field, type Kind } from "~models/vocabulary/achievement-kinds";
import { UPLOAD_LIMITS_TEXT } from "~storage/limits";

interface Props {
  kinds: Kind[];
  kind: Kind | null;
  values: Record<string, string>;
  errors?: Record<string, string>;
  existingFiles?: { id: string; name: string }[];
  submitLabel: string;
  /** When editing, the kind is fixed. */
  fixedKind?: boolean;
}

function FieldInput({ field, value, error, onChange }: { field: Field; value: string; error?: string; onChange: (v: string) => void }) {
  const common = { name: field.name, defaultValue: value, "aria-invalid": !!error, required: field.required };
  let input: React.ReactNode;
  if (field.type === "select") {
    input = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {Object.entries(field.options).map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </select>
    );
  } else if (field.type === "number") {
    input = <input {...common} type="number" min={field.min} max={field.max} step={field.integer ? 1 : "any"} />;
  } else if (field.type === "date") {
    input = <input {...common} type="date" />;
  } else if (field.multiline) {
    input = <textarea {...common} rows={4} maxLength={field.max ?? 300} />;
  } else {
    input = <input {...common} maxLength={field.max ?? 300} />;
  }
  return (
    <label>
      {field.label}
      {field.required ? " *" : ""}
      {input}
      {error ? <span className="field-error">{error}</span> : null}
    </label>
  );
}

/** The form for every kind: its fields come from app/achievements/kinds.ts, as the server checks them. */
export function AchievementForm({ kinds, kind, values, errors, existingFiles, submitLabel, fixedKind }: Props) {
  const submit = useSubmit();
  const busy = useNavigation().state === "submitting";
  const [answers, setAnswers] = useState<Record<string, string>>(values);
  const fields = kind ? (KINDS[kind].fields as readonly Field[]) : [];
  const shown = (f: Field) => !f.showIf || f.showIf.values.includes(answers[f.showIf.field] ?? "");
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
          <button type="submit" className="secondary">
            Выбрать
          </button>
        </Form>
      )}
      {errors?.kind ? <p className="alert">{errors.kind}</p> : null}
      {kind ? (
        <Form method="post" encType="multipart/form-data" className="stack card" noValidate key={kind}>
          <input type="hidden" name="kind" value={kind} />
          <h2 style={{ marginTop: 0 }}>{KINDS[kind].label}</h2>
          <label>
            Дата (получения результата) *
            <input type="date" name="date" defaultValue={values.date} required aria-invalid={!!errors?.date} />
            {errors?.date ? <span className="field-error">{errors.date}</span> : null}
          </label>
          {fields.filter(shown).map((field) => (
            <FieldInput key={field.name} field={field} value={values[field.name] ?? ""} error={errors?.[field.name]} onChange={(v) => setAnswers((a) => ({ ...a, [field.name]: v }))} />
          ))}
          {existingFiles?.length ? (
            <fieldset>
              <legend>Прикреплённые документы (отметьте, чтобы убрать)</legend>
              <div className="checks">
                {existingFiles.map((f) => (
                  <label key={f.id}>
                    <input type="checkbox" name="removeFile" value={f.id} /> {f.name}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <label>
            Подтверждающие документы: дипломы, грамоты, сертификаты, справки ({UPLOAD_LIMITS_TEXT})
            <input type="file" name="files" multiple accept="image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf" />
            {errors?.files ? <span className="field-error">{errors.files}</span> : null}
          </label>
          {errors?.form ? <p className="alert">{errors.form}</p> : null}
          <div className="toolbar">
            <button type="submit" name="intent" value="submit" disabled={busy}>
              {busy ? "Сохранение…" : submitLabel}
            </button>
            <button type="submit" name="intent" value="draft" className="secondary" disabled={busy}>
              Сохранить черновик
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
