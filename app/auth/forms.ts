import { z } from "zod";

export const LoginSchema = z.object({
  login: z.string({ error: "Введите логин" }).trim().min(1, "Введите логин").max(40, "Логин слишком длинный"),
  password: z.string({ error: "Введите пароль" }).min(1, "Введите пароль").max(200, "Пароль слишком длинный"),
  redirectTo: z.string().optional(),
});

export const PASSWORD_RULE = { min: 8, max: 200 };

export const ChangePasswordSchema = z
  .object({
    current: z.string({ error: "Введите текущий пароль" }).min(1, "Введите текущий пароль"),
    next: z
      .string({ error: "Введите новый пароль" })
      .min(PASSWORD_RULE.min, `Новый пароль — не короче ${PASSWORD_RULE.min} символов`)
      .max(PASSWORD_RULE.max, "Пароль слишком длинный"),
    repeat: z.string({ error: "Повторите новый пароль" }),
  })
  .refine((v) => v.next === v.repeat, { path: ["repeat"], message: "Пароли не совпадают" })
  .refine((v) => v.next !== v.current, { path: ["next"], message: "Новый пароль должен отличаться от текущего" });

/** «Завершить» one other session of one's own, or all of them but this one («Где вы вошли»). */
export const EndSessionsSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end-session"), session: z.string({ error: "Не указан сеанс" }).max(100) }),
  z.object({ intent: z.literal("end-others") }),
]);
