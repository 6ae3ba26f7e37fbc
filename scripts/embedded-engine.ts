// Starts the embedded MongoDB engine (a child process, see embedded-engine-child.cjs) on a data
// folder and hands back the mongodb:// address it serves. Used by the server, the CLIs and tests.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { setServerParameters } from "~models/db.server";
import { engineCommand, projectRoot } from "./glibc.mjs";

export interface RunningEngine {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

const CHILD = path.join(projectRoot, "scripts", "embedded-engine-child.cjs");
const START_TIMEOUT_MS = 60_000;

/** Turns the engine's own error text into one line a person can act on. */
function explain(message: string, dataDir: string): string {
  if (message.includes("DBPathInUse")) {
    const address = path.join(dataDir, ENGINE_ADDRESS_FILE);
    const beside = fs.existsSync(address) ? ` Чтобы работать рядом с ним, задайте MONGODB_URI — адрес из ${address}.` : "";
    return `Папка данных ${dataDir} уже занята другим запущенным экземпляром (второй npm start?). Остановите его или задайте другой DATA_DIR.${beside}`;
  }
  return `Встроенная СУБД не запустилась на ${dataDir}: ${message}`;
}

/**
 * An engine listens on a socket in a folder of its own in the temporary directory, removed when it
 * stops; one killed outright (kill -9, a power cut) leaves its folder. Each start removes this
 * user's such folders that nothing answers on any more — none younger than a minute (an engine may
 * be starting in it). How many went.
 */
export async function sweepDeadEngineFolders(tmp = os.tmpdir(), now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await fs.promises.readdir(tmp)) {
    if (!name.startsWith("embedded-mongodb-")) continue;
    const folder = path.join(tmp, name);
    const stat = await fs.promises.lstat(folder).catch(() => null);
    if (!stat?.isDirectory() || stat.uid !== process.getuid?.() || now - stat.mtimeMs < 60_000) continue;
    if (!(await nobodyListens(path.join(folder, "mongodb.sock")))) continue;
    await fs.promises.rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** True only when the socket is certainly dead: refused, or not there at all. */
function nobodyListens(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(false);
    });
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED" || error.code === "ENOENT"));
  });
}

export async function startEngine(dataDir: string): Promise<RunningEngine> {
  fs.mkdirSync(dataDir, { recursive: true });
  const { command, args } = engineCommand(CHILD, [path.resolve(dataDir)]);
  const child: ChildProcess = spawn(command, args, {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    cwd: projectRoot,
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Встроенная СУБД не ответила за ${START_TIMEOUT_MS / 1000} с`));
    }, START_TIMEOUT_MS);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const reply = JSON.parse(line) as { uri?: string; error?: string };
        if (reply.uri) resolve(reply.uri);
        else reject(new Error(explain(reply.error ?? "нет ответа", dataDir)));
      } catch {
        reject(new Error(explain(line, dataDir)));
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(explain(error.message, dataDir)));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(explain(`процесс завершился с кодом ${code}`, dataDir)));
    });
  });

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  sweepDeadEngineFolders().catch((error: unknown) => console.error(`Папки остановленных СУБД во временном каталоге не убраны: ${(error as Error).message}`));
  try {
    await tuneEngine(uri);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(explain(`настройка не применилась: ${(error as Error).message}`, dataDir));
  }
  return {
    uri,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/**
 * The engine's query planner ranks plans by cost when trial runs find nothing, and that ranker
 * needs the slot-based execution engine, which this build leaves out: a query over two candidate
 * indexes with no match («no УУД records in this school») failed. Plans are ranked by trial runs
 * alone, as MongoDB 8.0 does.
 */
async function tuneEngine(uri: string) {
  await setServerParameters({ uri, parameters: { internalQueryPlanRanker: "multiPlanning" } });
}

/**
 * While a server runs on a data folder, its engine's address is kept in the folder, so that the
 * CLIs and further app processes (MONGODB_URI) work beside it: the engine allows one process per
 * folder, but any number of connections to its socket (reachable by this user alone).
 */
export const ENGINE_ADDRESS_FILE = "engine-address";

export function publishEngineAddress(dataDir: string, uri: string) {
  fs.writeFileSync(path.join(dataDir, ENGINE_ADDRESS_FILE), `${uri}\n`, { mode: 0o600 });
}

export function withdrawEngineAddress(dataDir: string) {
  fs.rmSync(path.join(dataDir, ENGINE_ADDRESS_FILE), { force: true });
}

/** The address a running server published on this folder, if its engine still answers there (a killed server's does not). */
export async function runningEngineAddress(dataDir: string): Promise<string | null> {
  let uri: string;
  try {
    uri = fs.readFileSync(path.join(dataDir, ENGINE_ADDRESS_FILE), "utf8").trim();
  } catch {
    return null;
  }
  const socket = /^mongodb:\/\/([^/]+)/.exec(uri)?.[1];
  if (!socket) return null;
  const answers = await new Promise<boolean>((resolve) => {
    const probe = net.connect(decodeURIComponent(socket));
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  return answers ? uri : null;
}

/** The engine's address with a database name in it (the engine serves every name). */
export function withDatabase(uri: string, database: string): string {
  return uri.replace(/^(mongodb:\/\/[^/]+)\/[^?]*/, `$1/${database}`);
}
