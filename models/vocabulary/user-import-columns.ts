/** The columns of a user list file, as the page shows them and the import reads them. */
export const IMPORT_COLUMNS = { lastName: "Фамилия", firstName: "Имя", middleName: "Отчество", login: "Логин", roles: "Роли" } as const;
