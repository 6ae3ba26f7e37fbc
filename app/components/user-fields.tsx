import { ROLES, ROLE_LABELS } from "~models/vocabulary/roles";

interface Values {
  lastName?: string;
  firstName?: string;
  middleName?: string;
  roles?: string[];
}

/** Name and role fields of a user, shared by the new-user and the edit page. */
export function UserFields({ values, errors }: { values: Values; errors?: Record<string, string | undefined> }) {
  const error = (field: string) => (errors?.[field] ? <span className="field-error">{errors[field]}</span> : null);
  return (
    <>
      <label>
        Фамилия
        <input name="lastName" defaultValue={values.lastName} required maxLength={60} />
        {error("lastName")}
      </label>
      <label>
        Имя
        <input name="firstName" defaultValue={values.firstName} required maxLength={60} />
        {error("firstName")}
      </label>
      <label>
        Отчество
        <input name="middleName" defaultValue={values.middleName} maxLength={60} />
        {error("middleName")}
      </label>
      <fieldset>
        <legend>Роли</legend>
        <div className="checks">
          {ROLES.filter((r) => r !== "municipal").map((r) => (
            <label key={r}>
              <input type="checkbox" name="roles" value={r} defaultChecked={values.roles?.includes(r)} /> {ROLE_LABELS[r]}
            </label>
          ))}
        </div>
        {error("roles")}
      </fieldset>
    </>
  );
}
