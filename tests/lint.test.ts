// The code's shape is held by tools, not by readers: ESLint (the data layer is models/ alone, hooks,
// accessibility) and dependency-cruiser (the layers of README «Как устроен код»). Each is run on the
// whole project, then on deliberately wrong imports, which must fail with the rule that forbids them.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "./setup/server";

const run = promisify(execFile);
const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
async function tool(name: string, args: string[]) {
  return run(bin(name), args, { cwd: projectRoot, maxBuffer: 32 * 1024 * 1024 })
    .then((r) => ({ code: 0, out: r.stdout + r.stderr }))
    .catch((e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
}
const eslint = (...files: string[]) => tool("eslint", ["--max-warnings", "0", ...files]);
const depcruise = (...files: string[]) => tool("depcruise", ["--config", ".dependency-cruiser.cjs", "--output-type", "err", ...files]);

describe("the whole project", () => {
  it("passes ESLint", async () => {
    const result = await eslint(".");
    expect(result.out).toBe("");
    expect(result.code).toBe(0);
  }, 240_000);

  it("keeps its layers (dependency-cruiser)", async () => {
    const result = await depcruise("app", "models", "scripts", "server.ts", "tests");
    expect(result.out).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  }, 240_000);
});

// Wrong imports written for the test, type-correct so that nothing else notices them, removed after.
const probes: string[] = [];
function probe(relative: string, text: string) {
  const file = path.join(projectRoot, relative.replace("PROBE", `lint-probe-${process.pid}`));
  fs.writeFileSync(file, text);
  probes.push(file);
  return path.relative(projectRoot, file);
}
afterAll(() => {
  for (const file of probes) fs.rmSync(file, { force: true });
});

describe("a deliberately wrong import fails", () => {
  it("a mongoose model used outside models/ (ESLint)", async () => {
    const file = probe("app/results/PROBE.server.ts", 'import { UserModel } from "~models/user.server";\nexport const count = () => UserModel.countDocuments();\n');
    const result = await eslint(file);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("no-restricted-imports");
  }, 120_000);

  it("models/ importing from app/ (models-below-app)", async () => {
    const file = probe("models/PROBE.ts", 'import { Refusal } from "~/http/refusals";\nexport const kind = Refusal.name;\n');
    const result = await depcruise(file);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("models-below-app");
  }, 120_000);

  it("the domain doing I/O (domain-pure)", async () => {
    const file = probe("app/domain/PROBE.ts", 'import { listYears } from "~models/academic-year.server";\nexport const years = listYears;\n');
    const result = await depcruise(file);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("domain-pure");
  }, 120_000);

  it("a browser module importing server code (server-code-stays-on-the-server)", async () => {
    const file = probe("app/components/PROBE.tsx", 'import { readForm } from "~/http/read-form.server";\nexport const read = readForm;\n');
    const result = await depcruise(file);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("server-code-stays-on-the-server");
  }, 120_000);
});
