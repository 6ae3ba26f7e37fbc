// The one way a form field is drawn: its label, the control with the props Conform gives it (name,
// constraints, aria-invalid, aria-describedby pointing at the reasons) and the reasons it was refused.
// Every form builds its fields from these, so a refused field looks and reads the same everywhere.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** Why a field (or, with the form's id, the whole form) was refused; read out by screen readers. */
export function ErrorList({ id, errors, className = "field-error" }: { id?: string; errors?: string[] | null; className?: string }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className={className}>
      {errors.join(" ")}
    </span>
  );
}

/** The form's own reasons (not tied to one field): above the button, announced when they appear. */
export function FormErrors({ form }: { form: Pick<FormMetadata<Record<string, unknown>, string[]>, "errorId" | "errors"> }) {
  if (!form.errors?.length) return null;
  return (
    <p id={form.errorId} className="alert" role="alert">
      {form.errors.join(" ")}
    </p>
  );
}

/** A line under the control saying what it takes; the control points at it (aria-describedby). */
function Hint({ meta, hint }: { meta: Meta; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <small id={hintId(meta)} className="muted">
      {hint}
    </small>
  );
}
const hintId = (meta: Meta) => `${meta.id}-hint`;

/** Every reason of a reply to a form of buttons only (no field to stand beside), above it; `except` names fields that show their own. */
export function ReplyErrors({ id, result, except = [] }: { id: string; result?: SubmissionResult<string[]> | null; except?: string[] }) {
  const errors = Object.entries(result?.error ?? {})
    .filter(([field]) => !except.includes(field))
    .flatMap(([, reasons]) => reasons ?? []);
  return <FormErrors form={{ errorId: id, errors }} />;
}

interface FieldProps {
  label: ReactNode;
  meta: Meta;
  hint?: ReactNode;
  className?: string;
}

/** A text, number, date, password or file input with its label and reasons. */
export function Field({ label, meta, hint, className, type = "text", ...input }: FieldProps & { type?: "text" | "number" | "date" | "password" | "email" | "tel" | "file" | "search" } & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "form">) {
  return (
    <label className={className}>
      {label}
      <input {...getInputProps(meta, { type, ariaDescribedBy: hint ? hintId(meta) : undefined })} {...input} />
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </label>
  );
}

/** A choice from a list: the options are the children. */
export function SelectField({ label, meta, hint, className, children, ...select }: FieldProps & { children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "form">) {
  return (
    <label className={className}>
      {label}
      <select {...getSelectProps(meta, { ariaDescribedBy: hint ? hintId(meta) : undefined })} {...select}>
        {children}
      </select>
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </label>
  );
}

/** Several lines of text. */
export function TextareaField({ label, meta, hint, className, ...textarea }: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "form">) {
  return (
    <label className={className}>
      {label}
      <textarea {...getTextareaProps(meta, { ariaDescribedBy: hint ? hintId(meta) : undefined })} {...textarea} />
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </label>
  );
}

/** A single yes/no box with its label on the right. */
export function CheckboxField({ label, meta, className = "check", ...input }: Omit<FieldProps, "hint"> & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "form">) {
  return (
    <label className={className}>
      <input {...getInputProps(meta, { type: "checkbox" })} {...input} />
      {label}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </label>
  );
}
