import { z } from "zod";
import { PASSWORD_RULE } from "~/auth/forms";
import { ROLES, rolesConflict } from "~models/vocabulary/roles";
import { stringList } from "~/forms";

const name = (label: string, required: boolean) => {
  const base = z.string().trim().max(60, `${label}: не длиннее 60 символов`).regex(/^[\p{L}\s'’-]*$/u, `${label}: только буквы, пробел и дефис`);
  return required ? base.min(1, `Укажите: ${label.toLowerCase()}`) : base.default("");
};

export const LOGIN_RULE = /^[a-z0-9._-]{3,40}$/;
export const loginField = z
  .string({ error: "Укажите логин" })
  .trim()
  .toLowerCase()
  .regex(LOGIN_RULE, "Логин: 3–40 латинских букв, цифр, точек, дефисов или подчёркиваний");

export const UserFieldsSchema = z
  .object({
    lastName: name("Фамилия", true),
    firstName: name("Имя", true),
    middleName: name("Отчество", false),
    roles: stringList(z.enum(ROLES, { error: "Неизвестная роль" })),
  })
  .superRefine((v, ctx) => {
    const conflict = rolesConflict(v.roles);
    if (conflict) ctx.addIssue({ code: "custom", path: ["roles"], message: conflict });
    // A municipal account sees every school: it is made from the command line, not by a school.
    if (v.roles.includes("municipal")) ctx.addIssue({ code: "custom", path: ["roles"], message: "Муниципальных специалистов школа не создаёт" });
  });

export const NewUserSchema = z.intersection(
  UserFieldsSchema,
  z.object({
    login: loginField,
    password: z
      .string()
      .min(PASSWORD_RULE.min, `Начальный пароль — не короче ${PASSWORD_RULE.min} символов`)
      .max(PASSWORD_RULE.max, "Пароль слишком длинный"),
  }),
);

export type NewUser = z.infer<typeof NewUserSchema>;
