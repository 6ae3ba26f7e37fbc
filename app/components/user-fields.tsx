import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { NAME_MAX } from "~/admin/forms";
import { ROLES, ROLE_LABELS, type Role } from "~models/vocabulary/roles";
import { ErrorList, Field } from "./field";

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** The roles a school gives (a municipal account is made from the command line). */
const SCHOOL_ROLES = ROLES.filter((r) => r !== "municipal");

/** Name and role fields of a user, shared by the new-user and the edit page. */
export function UserFields({ fields }: { fields: { lastName: Meta; firstName: Meta; middleName: Meta; roles: Meta } }) {
  return (
    <>
      <Field label="Фамилия" meta={fields.lastName} maxLength={NAME_MAX} />
      <Field label="Имя" meta={fields.firstName} maxLength={NAME_MAX} />
      <Field label="Отчество" meta={fields.middleName} maxLength={NAME_MAX} />
      <fieldset>
        <legend>Роли</legend>
        <div className="checks">
          {getCollectionProps(fields.roles, { type: "checkbox", options: SCHOOL_ROLES }).map(({ key, ...props }) => (
            <label key={key}>
              <input {...props} /> {ROLE_LABELS[props.value as Role]}
            </label>
          ))}
        </div>
        <ErrorList id={fields.roles.errorId} errors={fields.roles.errors} />
      </fieldset>
    </>
  );
}
