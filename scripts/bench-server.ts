// The registry's server for a benchmark: on a free local port, on the given database, with a fixed
// session secret and never a demo; answers once it says it is serving.
import { spawn } from "node:child_process";
import net from "node:net";
import { projectRoot } from "./glibc.mjs";

export async function startBenchServer(uri: string): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  // BENCH_PROFILE=<folder>: the server writes a CPU profile there when it stops (where the time goes).
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const server = spawn(process.execPath, [...profile, "--import", "tsx", "server.ts"], {
    cwd: projectRoot,
    env: { ...process.env, MONGODB_URI: uri, PORT: String(port), HOST: "127.0.0.1", SESSION_SECRET: "bench-secret-bench-secret-0001", DEMO: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("Реестр достижений работает")) resolve();
    });
    server.once("exit", (code) => reject(new Error(`сервер завершился с кодом ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: server.pid!,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    },
  };
}
