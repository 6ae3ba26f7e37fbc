// Every route × every demo role × own and someone else's record. The expectations
// (tests/route-table.ts) are written from the regulations, not derived from
// app/auth/permissions.ts, so a wrong entry in that table fails this test.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { get, signInHttp } from "./setup/http";
import { projectRoot } from "./setup/server";
import { demoIds } from "./demo-ids";
import { LOGINS, ROUTES, type Ids, type Login } from "./route-table";
import { useDemoServer } from "./setup/demo-server";

let ids: Ids;
const cookies = new Map<Login, string | undefined>();

const demo = useDemoServer("matrix");
beforeAll(async () => {
  ids = await demoIds();
  cookies.set("anonymous", undefined);
  for (const login of LOGINS) cookies.set(login, await signInHttp(demo.server.url, login));
});

describe("route declarations", () => {
  const routeFiles = fs.readdirSync(path.join(projectRoot, "app", "routes")).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));

  it("every route declares the access it needs", () => {
    for (const file of routeFiles) {
      const text = fs.readFileSync(path.join(projectRoot, "app", "routes", file), "utf8");
      expect(text, `${file} has no access declaration`).toMatch(/export const access: RouteAccess = "[a-z:-]+";/);
      const declared = /export const access: RouteAccess = "([a-z:-]+)"/.exec(text)![1];
      // A protected route calls the check with the permission it declares, in every loader and action.
      if (declared !== "public") {
        const checks = text.match(/requireUserWithPermission\(request, "([a-z:-]+)"\)/g) ?? [];
        const handlers = (text.match(/export async function (loader|action)/g) ?? []).length;
        expect(checks.length, `${file}: each loader/action must check access first`).toBeGreaterThanOrEqual(handlers);
        for (const check of checks) expect(check, file).toContain(`"${declared}"`);
      }
    }
  });

  it("no page is nested in a parent that cannot show it (a dotted name without «_» nests)", () => {
    const names = routeFiles.map((f) => f.replace(/\.tsx?$/, ""));
    for (const name of names) {
      for (const parent of names) {
        if (parent === name || !name.startsWith(`${parent}.`)) continue;
        const text = fs.readFileSync(path.join(projectRoot, "app", "routes", routeFiles[names.indexOf(parent)]), "utf8");
        expect(text, `${name} would render inside ${parent}, which has no <Outlet />`).toContain("<Outlet");
      }
    }
  });

  it("no page draws with a value imported from a server module (the browser build gets those empty)", () => {
    for (const file of routeFiles) {
      const text = fs.readFileSync(path.join(projectRoot, "app", "routes", file), "utf8");
      const component = text.slice(text.indexOf("export default function") >>> 0);
      if (!text.includes("export default function")) continue;
      for (const [, names, source] of text.matchAll(/import \{([^}]*)\} from "([^"]+)";/g)) {
        if (!source.endsWith(".server")) continue;
        for (const raw of names.split(",")) {
          const name = raw.trim().split(/\s+as\s+/).pop()!;
          if (!name || raw.trim().startsWith("type ")) continue;
          // `className=` is a JSX attribute and `data.className` a field, not the helper of that name.
          expect(new RegExp(`(?<![.\\w])${name}\\b(?!\\s*=)`).test(component), `${file}: the page uses «${name}» from ${source}`).toBe(false);
        }
      }
    }
  });

  it("every route is in this matrix", () => {
    const names = routeFiles.map((f) => f.replace(/\.tsx?$/, "")).sort();
    expect(names).toEqual(Object.keys(ROUTES).sort());
  });
});

describe("who reaches what", () => {
  for (const [route, cases] of Object.entries(ROUTES)) {
    it(route, async () => {
      for (const c of cases) {
        const url = c.path(ids);
        for (const login of ["anonymous", ...LOGINS] as Login[]) {
          const response = await get(demo.server.url, url, cookies.get(login));
          let expected: number;
          if (c.ok.includes(login)) expected = 200;
          else if (c.redirects?.includes(login)) expected = 302;
          else if (login === "anonymous" && !c.public) expected = 302;
          else expected = 404;
          expect(response.status, `${login} → ${url}`).toBe(expected);
          if (login === "anonymous" && expected === 302 && !c.public) {
            expect(response.headers.get("location"), url).toMatch(/^\/login\?redirectTo=/);
          }
          const body = Buffer.from(await response.arrayBuffer());
          // Every page's HTML is clean UTF-8 text: no NUL from the streaming renderer (entry.server.tsx).
          if ((response.headers.get("content-type") ?? "").startsWith("text/html")) expect(body.includes(0), `${login} → ${url}: NUL in the page`).toBe(false);
        }
      }
    });
  }
});

describe("someone else's record", () => {
  it("looks exactly like a record that does not exist", async () => {
    const foreign = await get(demo.server.url, `/family/${ids.childB}`, cookies.get("parent"));
    const missing = await get(demo.server.url, `/family/${ids.missing}`, cookies.get("parent"));
    expect(foreign.status).toBe(404);
    const strip = (html: string) => html.replace(/nonce="[^"]*"/g, "").replace(/"nonce-[^"]*"/g, "");
    expect(strip(await foreign.text())).toBe(strip(await missing.text()));
  });

  it("does not show another child's name to a parent anywhere on their pages", async () => {
    const { StudentModel, fullName } = await import("~models/student.server");
    const other = (await StudentModel.findById(ids.childB).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    for (const page of ["/family", `/family/${ids.childA}`, "/password"]) {
      const html = await (await get(demo.server.url, page, cookies.get("parent"))).text();
      expect(html).not.toContain(fullName(other));
    }
  });

  it("logs every read of a student's record, with who and from where", async () => {
    const before = await AuditModel.countDocuments({ action: "read", studentId: ids.childA });
    await (await get(demo.server.url, `/students/${ids.childA}`, cookies.get("klass5a"))).text();
    await (await get(demo.server.url, `/family/${ids.childA}`, cookies.get("parent"))).text();
    const entries = await AuditModel.find({ action: "read", studentId: ids.childA }).sort({ at: -1 }).limit(2).lean<{ userName: string; ip: string }[]>();
    expect(await AuditModel.countDocuments({ action: "read", studentId: ids.childA })).toBe(before + 2);
    expect(entries.map((e) => e.userName).join(" ")).toMatch(/\(parent\).*\(klass5a\)/);
    expect(entries[0].ip).toMatch(/127\.0\.0\.1/);
    // A refused read is not a read.
    const refused = await AuditModel.countDocuments({ action: "read", studentId: ids.childB });
    await (await get(demo.server.url, `/family/${ids.childB}`, cookies.get("parent"))).text();
    expect(await AuditModel.countDocuments({ action: "read", studentId: ids.childB })).toBe(refused);
  });
});
