// Every route × every demo role × own and someone else's record. The expectations are written
// here from the regulations (seed 001, seed 004 §6), not derived from app/auth/permissions.ts,
// so a wrong entry in that table fails this test.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { get, signInHttp } from "./setup/http";
import { projectRoot } from "./setup/server";
import { demoIds } from "./demo-ids";
import { useDemoServer } from "./setup/demo-server";

const LOGINS = ["admin", "klass5a", "teacher", "psychologist", "archivist", "parent", "parent2", "student", "municipal"] as const;
type Login = (typeof LOGINS)[number] | "anonymous";
const STAFF: Login[] = ["admin", "klass5a", "teacher", "psychologist", "archivist"];
const WHOLE_SCHOOL: Login[] = ["admin", "psychologist", "archivist"];

/** What each login gets: 200, or a redirect (302), for the others 404 (anonymous: 302 to /login). */
interface Case {
  path: (ids: Ids) => string;
  ok: Login[];
  redirects?: Login[];
  /** Anonymous visitors are sent to sign in, unless the page is public. */
  public?: boolean;
}
type Ids = Awaited<ReturnType<typeof demoIds>>;

const ROUTES: Record<string, Case[]> = {
  "_index": [{ path: () => "/", ok: ["anonymous"], redirects: [...LOGINS], public: true }],
  "healthz": [{ path: () => "/healthz", ok: ["anonymous", ...LOGINS], public: true }],
  "login": [{ path: () => "/login", ok: ["anonymous"], redirects: [...LOGINS], public: true }],
  "logout": [{ path: () => "/logout", ok: [], redirects: ["anonymous", ...LOGINS], public: true }],
  "password": [{ path: () => "/password", ok: [...LOGINS] }],
  "classes._index": [{ path: () => "/classes", ok: STAFF }],
  "classes.$classId": [
    { path: (ids) => `/classes/${ids.class5a}`, ok: STAFF },
    { path: (ids) => `/classes/${ids.class9b}`, ok: WHOLE_SCHOOL },
    { path: (ids) => `/classes/${ids.missing}`, ok: [] },
  ],
  "classes.$classId_.summary": [
    { path: (ids) => `/classes/${ids.class5a}/summary?period=1`, ok: STAFF },
    { path: (ids) => `/classes/${ids.class9b}/summary`, ok: WHOLE_SCHOOL },
  ],
  "school": [{ path: () => "/school?period=3&year=2025/2026", ok: ["admin", "psychologist"] }],
  "risk": [{ path: () => "/risk", ok: ["admin", "klass5a", "psychologist"] }],
  "classes.$classId_.summary[.]xlsx": [
    { path: (ids) => `/classes/${ids.class5a}/summary.xlsx?period=1`, ok: STAFF },
    { path: (ids) => `/classes/${ids.class9b}/summary.xlsx`, ok: WHOLE_SCHOOL },
  ],
  "classes.$classId_.marks": [
    { path: (ids) => `/classes/${ids.class5a}/marks?period=1`, ok: ["admin", "klass5a"] },
    { path: (ids) => `/classes/${ids.class9b}/marks`, ok: ["admin"] },
  ],
  "classes.$classId_.summary[.]pdf": [
    { path: (ids) => `/classes/${ids.class5a}/summary.pdf?period=year`, ok: [] },
    { path: (ids) => `/classes/${ids.lastYear5a}/summary.pdf?period=3`, ok: WHOLE_SCHOOL },
  ],
  "students.$studentId_.support": [
    { path: (ids) => `/students/${ids.childA}/support`, ok: ["admin", "klass5a", "psychologist"] },
    { path: (ids) => `/students/${ids.student9b}/support`, ok: ["admin", "psychologist"] },
  ],
  "results.import": [{ path: () => "/results/import", ok: ["admin", "klass5a"] }],
  "results.check": [{ path: () => "/results/check", ok: [] }],
  "results.template": [
    { path: (ids) => `/results/template?class=${ids.class5a}`, ok: ["admin", "klass5a"] },
    { path: (ids) => `/results/template?class=${ids.class9b}`, ok: ["admin"] },
    { path: () => `/results/template?class=not-an-id`, ok: [] },
  ],
  "students._index": [{ path: () => "/students", ok: STAFF }],
  "students.$studentId": [
    { path: (ids) => `/students/${ids.childA}`, ok: STAFF },
    { path: (ids) => `/students/${ids.student9b}`, ok: WHOLE_SCHOOL },
    { path: (ids) => `/students/${ids.missing}`, ok: [] },
    { path: () => `/students/not-an-id`, ok: [] },
  ],
  "family._index": [{ path: () => "/family", ok: ["parent", "parent2"], redirects: ["student"] }],
  "family.$studentId": [
    { path: (ids) => `/family/${ids.childA}`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}`, ok: ["parent2"] },
    { path: (ids) => `/family/${ids.student9b}`, ok: [] },
  ],
  "students.$studentId_.achievements.new": [
    { path: (ids) => `/students/${ids.childA}/achievements/new`, ok: ["admin", "klass5a", "teacher", "psychologist"] },
    { path: (ids) => `/students/${ids.student9b}/achievements/new`, ok: ["admin", "psychologist"] },
  ],
  "achievements._index": [{ path: () => "/achievements", ok: ["admin", "klass5a"] }],
  "achievements.$achievementId": [
    { path: (ids) => `/achievements/${ids.achievementA}`, ok: [...STAFF, "parent", "student"] },
    { path: (ids) => `/achievements/${ids.submittedA}`, ok: STAFF },
    { path: (ids) => `/achievements/${ids.achievement9a}`, ok: ["admin", "teacher", "psychologist", "archivist"] },
    { path: (ids) => `/achievements/${ids.missing}`, ok: [] },
  ],
  "achievements.$achievementId_.edit": [
    // The specialist enters УУД and personal results only; the archivist never edits.
    { path: (ids) => `/achievements/${ids.achievementA}/edit`, ok: ["admin", "klass5a", "teacher"] },
  ],
  "files.$fileId": [
    { path: (ids) => `/files/${ids.fileA}`, ok: [...STAFF, "parent", "student"] },
    { path: (ids) => `/files/${ids.submittedFileA}`, ok: STAFF },
    { path: (ids) => `/files/${ids.missing}`, ok: [] },
    // A credit application's document: the family who applied and the administration.
    { path: (ids) => `/files/${ids.creditFileA}`, ok: ["admin", "parent", "student"] },
  ],
  "files.$fileId_.thumbnail": [
    { path: (ids) => `/files/${ids.fileA}/thumbnail`, ok: [...STAFF, "parent", "student"] },
    { path: (ids) => `/files/${ids.submittedFileA}/thumbnail`, ok: STAFF },
  ],
  "admin.users._index": [{ path: () => "/admin/users", ok: ["admin"] }],
  "admin.users.new": [{ path: () => "/admin/users/new", ok: ["admin"] }],
  "admin.users.import": [{ path: () => "/admin/users/import", ok: ["admin"] }],
  "admin.users.$userId": [
    { path: (ids) => `/admin/users/${ids.teacherUser}`, ok: ["admin"] },
    { path: (ids) => `/admin/users/${ids.missing}`, ok: [] },
  ],
  "admin.audit": [{ path: () => "/admin/audit", ok: ["admin"] }],
  "admin.settings": [{ path: () => "/admin/settings", ok: ["admin"] }],
  // The school year and the yearly archive (seed 004 §7): the administration closes a year and
  // removes what is past its period; the archivist (and the administration) make the archive.
  "admin.year": [{ path: () => "/admin/year", ok: ["admin"] }],
  "admin.retention": [{ path: () => "/admin/retention", ok: ["admin"] }],
  "archive._index": [{ path: () => "/archive", ok: ["admin", "archivist"] }],
  "archive.$exportId[.]zip": [{ path: (ids) => `/archive/${ids.missing}.zip`, ok: [] }],
  // External assessments and the quality report (seed 002): loaded by the administration; the
  // report (counts only) for the administration and the teachers; a family sees its own child's.
  "results.external": [{ path: () => "/results/external", ok: ["admin"] }],
  "quality._index": [{ path: () => "/quality", ok: ["admin", "klass5a", "teacher", "psychologist"] }],
  "quality[.]pdf": [{ path: () => "/quality.pdf?period=year&year=2025%2F2026", ok: ["admin", "klass5a", "teacher", "psychologist"] }],
  "quality[.]xlsx": [{ path: () => "/quality.xlsx", ok: ["admin", "klass5a", "teacher", "psychologist"] }],
  "quality.indicators[.]json": [{ path: () => "/quality/indicators.json", ok: ["admin"] }],
  "quality.programme": [{ path: () => "/quality/programme", ok: ["admin"] }],
  "family.$studentId_.quality": [
    { path: (ids) => `/family/${ids.childA}/quality`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/quality`, ok: ["parent2"] },
  ],
  // The municipal view (seed 003): counts per school, its rules and entries — the municipal specialist only.
  "municipal.settings": [{ path: () => "/municipal/settings", ok: ["municipal"] }],
  "municipal.schools.$schoolRef": [
    { path: (ids) => `/municipal/schools/${ids.schoolId}`, ok: ["municipal"] },
    { path: (ids) => `/municipal/schools/${ids.missing}`, ok: [] },
  ],
  "municipal._index": [{ path: () => "/municipal", ok: ["municipal"] }],
  // Documents (seed 004 §6.2–6.3): extracts only to the child's family; the verify page is public
  // and shows no person.
  "family.$studentId_.extracts": [
    { path: (ids) => `/family/${ids.childA}/extracts`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/extracts`, ok: ["parent2"] },
  ],
  "extracts.$extractId[.]pdf": [
    { path: (ids) => `/extracts/${ids.extractA}.pdf`, ok: ["parent", "student"] },
    { path: (ids) => `/extracts/${ids.missing}.pdf`, ok: [] },
  ],
  "extracts._index": [{ path: () => "/extracts", ok: ["admin", "klass5a"] }],
  "verify._index": [{ path: () => "/verify", ok: ["anonymous", ...LOGINS], public: true }],
  "verify.$code": [
    { path: (ids) => `/verify/${ids.codeA}`, ok: ["anonymous", ...LOGINS], public: true },
    { path: () => "/verify/AAAA-BBBB-CCCC", ok: [], public: true },
  ],
  "students.$studentId_.portfolio[.]pdf": [
    { path: (ids) => `/students/${ids.childA}/portfolio.pdf`, ok: STAFF },
    { path: (ids) => `/students/${ids.student9b}/portfolio.pdf`, ok: WHOLE_SCHOOL },
  ],
  "classes.$classId_.portfolios": [
    { path: (ids) => `/classes/${ids.class5a}/portfolios`, ok: ["admin", "klass5a"] },
    { path: (ids) => `/classes/${ids.class9b}/portfolios`, ok: ["admin"] },
  ],
  // The gifted register and credit decisions (seed 004 §3.4, §5): the administration; families
  // apply for credit and see their own applications.
  "gifted._index": [{ path: () => "/gifted", ok: ["admin"] }],
  "gifted[.]xlsx": [{ path: () => "/gifted.xlsx", ok: ["admin"] }],
  "students.$studentId_.gifted": [
    { path: (ids) => `/students/${ids.childA}/gifted`, ok: ["admin"] },
    { path: (ids) => `/students/${ids.missing}/gifted`, ok: [] },
  ],
  "family.$studentId_.credits": [
    { path: (ids) => `/family/${ids.childA}/credits`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/credits`, ok: ["parent2"] },
  ],
  "credits._index": [{ path: () => "/credits", ok: ["admin"] }],
  "credits.$creditId": [
    { path: (ids) => `/credits/${ids.creditA}`, ok: ["admin"] },
    { path: (ids) => `/credits/${ids.missing}`, ok: [] },
  ],
  "credits.$creditId[.]pdf": [{ path: (ids) => `/credits/${ids.creditA}.pdf`, ok: [] }],
  "admin.credit-rules": [{ path: () => "/admin/credit-rules", ok: ["admin"] }],
  "classes.$classId_.portfolios[.]zip": [{ path: (ids) => `/classes/${ids.class9b}/portfolios.zip`, ok: ["admin"] }],
};

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
        if (!source.endsWith(".server") && !source.startsWith("~models/")) continue;
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
