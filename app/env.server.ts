import path from "node:path";
import { z } from "zod";

const DEFAULT_DATA_DIR = "var/db";

// The process environment is a boundary like any form: checked once, with Russian messages.
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT должен быть числом" })
    .int("PORT должен быть целым числом")
    .min(1, "PORT должен быть от 1 до 65535")
    .max(65535, "PORT должен быть от 1 до 65535")
    .default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  // 1: create the demo school in an empty database wherever it is; 0: never.
  DEMO: z.enum(["0", "1"], { error: "DEMO должен быть 0 или 1" }).optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "MONGODB_URI должен начинаться с mongodb:// или mongodb+srv://")
    .optional(),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET должен быть не короче 16 символов").optional(),
  NODE_ENV: z.string().default("production"),
  // Failed sign-ins from one address in 15 minutes before it must wait; a whole school often
  // signs in from one address.
  SIGNIN_FAILURES_PER_ADDRESS: z.coerce
    .number({ error: "SIGNIN_FAILURES_PER_ADDRESS должен быть числом" })
    .int("SIGNIN_FAILURES_PER_ADDRESS должен быть целым числом")
    .min(10, "SIGNIN_FAILURES_PER_ADDRESS должен быть не меньше 10")
    .default(300),
  // The site's address as families reach it, printed in documents for their verify page.
  // Notifications by e-mail: the school's SMTP server («smtps://user:password@smtp.school.ru:465») and sender.
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "SMTP_URL должен быть адресом вида smtps://логин:пароль@smtp.школа.рф:465").optional(),
  SMTP_FROM: z.string().min(3, "SMTP_FROM — адрес отправителя, например «Реестр достижений <portfolio@school.ru>»").optional(),
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s/]+/, "PUBLIC_URL должен быть адресом вида https://портфолио.школа.рф").optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Неверная настройка ${issue.path.join(".")}: ${issue.message}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}

/**
 * Whether an empty database gets the demo school: only the embedded engine's default data folder
 * (someone trying the registry with `npm start`), unless DEMO says otherwise. A school's own data
 * folder or MONGODB_URI never meets a demo account or its published password.
 */
export function demoWanted(env: Env): boolean {
  if (env.DEMO) return env.DEMO === "1";
  return !env.MONGODB_URI && env.DATA_DIR === path.resolve(DEFAULT_DATA_DIR);
}
