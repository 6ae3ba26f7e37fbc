// Shared by the command-line tools: argument parsing with a clear Russian line on error, and a
// database to work on (MONGODB_URI, or the embedded engine on a data folder of the tool's choice).
import { instanceSecret } from "~/instance-secret.server";
import { loadSchoolTimeZone } from "~/school-clock.server";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { connectDatabase, disconnectDatabase, flushToDisk } from "~models/db.server";
import { ensureIndexes } from "~models/index.server";
import { runningEngineAddress, startEngine, withDatabase, type RunningEngine } from "./embedded-engine";

/** Ends the tool with one clear line and a non-zero exit. */
export function failCli(message: string): never {
  console.error(`Ошибка: ${message}`);
  process.exit(2);
}

/** Options checked by `schema`; file names given without an option (`-- F`) come as `files`. */
export function readCliArgs<S extends z.ZodType>(options: ParseArgsConfig["options"], schema: S, allowFiles = false): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    const parsed = parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: allowFiles });
    values = allowFiles ? { ...parsed.values, files: parsed.positionals } : parsed.values;
  } catch (error) {
    failCli(`неверные аргументы: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    failCli(issue.path[0] === "files" ? issue.message : `--${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * MONGODB_URI; else the engine of a server running on the data folder (through the address it
 * published); else an engine of the tool's own on that folder.
 */
export async function openCliDatabase(dataDir: string): Promise<{ close(): Promise<void>; kind: string }> {
  let engine: RunningEngine | null = null;
  const running = process.env.MONGODB_URI ? null : await runningEngineAddress(path.resolve(dataDir));
  try {
    if (process.env.MONGODB_URI) {
      await connectDatabase(process.env.MONGODB_URI, "external");
    } else if (running) {
      await connectDatabase(running, "embedded");
    } else {
      engine = await startEngine(path.resolve(dataDir));
      await connectDatabase(withDatabase(engine.uri, "registry"), "embedded");
    }
    await ensureIndexes();
    // The school's signing key is encrypted under the secret the server on this folder uses.
    process.env.SESSION_SECRET = instanceSecret(path.resolve(dataDir), process.env.SESSION_SECRET);
    // The documents a tool writes (the archive's registers) carry the school's dates.
    await loadSchoolTimeZone();
  } catch (error) {
    await engine?.stop();
    failCli((error as Error).message);
  }
  return {
    kind: engine ? `встроенная СУБД, папка ${path.resolve(dataDir)}` : running ? `встроенная СУБД работающего сервера, папка ${path.resolve(dataDir)}` : "MONGODB_URI",
    async close() {
      // What the tool wrote is in the engine's files before it says it is done (see flushToDisk).
      await flushToDisk().catch(() => undefined);
      await disconnectDatabase();
      await engine?.stop();
    },
  };
}
