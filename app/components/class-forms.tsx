// The administration's forms over a class of the current year: a new class (on the list of
// classes), its class teacher, a teacher for a subject, a teacher taken off a subject and the
// removal of an empty class (on the class's page). The schemas are app/classes/forms.ts.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ClassTeacherChoiceSchema, GRADE_MAX, GRADE_MIN, NewClassSchema, RemoveClassSchema, SubjectTeacherChoiceSchema } from "~/classes/forms";
import { replyFor } from "~/forms";
import { Field, FormErrors, SelectField } from "./field";
import { Options } from "./options";
import { useSchemaForm } from "~/components/use-schema-form";
import { ButtonForm } from "~/components/button-form";

type Reply = SubmissionResult<string[]> | null | undefined;
type Named = { id: string; name: string };

/** A new class of the current year: grade, letter and, if known, its class teacher. */
export function NewClassForm({ classTeachers, lastResult }: { classTeachers: Named[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(NewClassSchema, {
    intent: "create",
    lastResult,
  });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="create" />
      <div className="toolbar">
        <Field label="Параллель" meta={fields.grade} type="number" inputMode="numeric" style={{ maxWidth: "6rem" }} hint={`от ${GRADE_MIN} до ${GRADE_MAX}`} />
        <Field label="Литера" meta={fields.letter} style={{ maxWidth: "5rem" }} hint="одна русская буква" />
        <SelectField label="Классный руководитель" meta={fields.classTeacherId}>
          <option value="">не назначен</option>
          <Options items={classTeachers} />
        </SelectField>
        <button type="submit">Создать класс</button>
      </div>
      <FormErrors form={form} />
    </Form>
  );
}

/** The class teacher: another one, or none. */
export function ClassTeacherForm({ current, classTeachers, lastResult }: { current: string | null; classTeachers: Named[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(ClassTeacherChoiceSchema, {
    intent: "class-teacher",
    lastResult,
    defaultValue: { intent: "class-teacher", teacherId: current ?? "" },
  });
  return (
    <Form method="post" className="toolbar" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="class-teacher" />
      <SelectField label="Классный руководитель" meta={fields.teacherId}>
        <option value="">не назначен</option>
        <Options items={classTeachers} />
      </SelectField>
      <button type="submit">Сохранить</button>
      <FormErrors form={form} />
    </Form>
  );
}

/** A teacher given a subject in the class (one form per subject's row). */
export function AddSubjectTeacherForm({ subjectId, subjectName, teachers, lastResult }: { subjectId: string; subjectName: string; teachers: Named[]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(SubjectTeacherChoiceSchema, {
    id: `add-subject-teacher-${subjectId}`,
    lastResult: replyFor(lastResult, "add-subject-teacher", { subjectId }),
  });
  const reasons = [...(form.errors ?? []), ...(fields.subjectId.errors ?? [])];
  return (
    <Form method="post" className="toolbar" style={{ marginBottom: 0 }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-subject-teacher" />
      <input type="hidden" name="subjectId" value={subjectId} />
      <SelectField label="Добавить учителя" meta={fields.teacherId} aria-label={`Добавить учителя: ${subjectName}`}>
        <option value="">выберите учителя</option>
        <Options items={teachers} />
      </SelectField>
      <button type="submit" className="secondary">
        Назначить
      </button>
      <FormErrors form={{ errorId: form.errorId, errors: reasons }} />
    </Form>
  );
}

/** A teacher taken off a subject of the class. */
export function RemoveSubjectTeacherForm({ subjectId, teacherId, lastResult }: { subjectId: string; teacherId: string; lastResult: Reply }) {
  return (
    <ButtonForm schema={SubjectTeacherChoiceSchema} intent="remove-subject-teacher" hidden={{ subjectId, teacherId }} lastResult={lastResult} inline>
      <button type="submit" className="link-button">
        снять
      </button>
    </ButtonForm>
  );
}

/** An empty class removed (one made by mistake). */
export function RemoveClassForm({ name, lastResult }: { name: string; lastResult: Reply }) {
  return (
    <ButtonForm schema={RemoveClassSchema} intent="remove-class" lastResult={lastResult} inline>
      <button type="submit" className="danger">
        Удалить класс {name}
      </button>
    </ButtonForm>
  );
}
