import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerRun {
  code: number | null;
  output: string;
}

/** Runs `tsx server.ts` with the given environment; resolves when it exits (for the failure cases). */
export function runServerToExit(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerRun> {
  return new Promise((resolve) => {
    const child = spawnServer(env);
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** `detached`: in a process group of its own with its engine, as `npm start` runs, so that both can be killed at once. */
export function spawnServer(env: Record<string, string>, options: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: projectRoot,
    detached: options.detached ?? false,
    env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "test-secret-test-secret-test-secret", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface TestServer {
  url: string;
  output: () => string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/** Starts the real server (Express + the built app) and waits until it answers. */
export async function startServer(env: Record<string, string>, options: { detached?: boolean } = {}): Promise<TestServer> {
  const port = await freePort();
  const child = spawnServer({ PORT: String(port), HOST: "127.0.0.1", ...env }, options);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // Ready when /healthz answers 200 (the database reached, the app loaded), not by a log line.
  const url = `http://127.0.0.1:${port}`;
  const gone = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void gone.then((code) => (exitCode = code));
  const until = Date.now() + 90_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}:\n${output}`);
    if (Date.now() > until) throw new Error(`server did not start:\n${output}`);
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return gone;
    },
  };
}
