// The whole project type-checks (TypeScript strict), as CI runs it.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { projectRoot } from "./setup/server";

it("tsc --noEmit finds no error", async () => {
  const run = promisify(execFile);
  const result = await run(process.execPath, [path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", projectRoot], { cwd: projectRoot })
    .then((r) => ({ code: 0, out: r.stdout }))
    .catch((e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }));
  expect(result.out).toBe("");
  expect(result.code).toBe(0);
}, 240_000);
