import path from "node:path";
import { z } from "zod";

// The process environment is a boundary like any form: checked once, with Russian messages.
const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: "PORT должен быть числом" })
    .int("PORT должен быть целым числом")
    .min(1, "PORT должен быть от 1 до 65535")
    .max(65535, "PORT должен быть от 1 до 65535")
    .default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("var/db"),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, "MONGODB_URI должен начинаться с mongodb:// или mongodb+srv://")
    .optional(),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET должен быть не короче 16 символов").optional(),
  NODE_ENV: z.string().default("production"),
  // The site's address as families reach it, printed in documents for their verify page.
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s/]+/, "PUBLIC_URL должен быть адресом вида https://портфолио.школа.рф").optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Неверная настройка ${issue.path.join(".")}: ${issue.message}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}
