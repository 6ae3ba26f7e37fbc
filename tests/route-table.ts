// Every route of the app with the pages to try it on and who may open each, written from the
// regulations (seed 001, seed 004 §6), not derived from app/auth/permissions.ts. The access matrix
// and the request fuzzer both walk it.
import type { demoIds } from "./demo-ids";

export const LOGINS = ["admin", "klass5a", "teacher", "psychologist", "archivist", "parent", "parent2", "student", "municipal"] as const;
export type Login = (typeof LOGINS)[number] | "anonymous";
export const STAFF: Login[] = ["admin", "klass5a", "teacher", "psychologist", "archivist"];
export const WHOLE_SCHOOL: Login[] = ["admin", "psychologist", "archivist"];

/** What each login gets: 200, or a redirect (302), for the others 404 (anonymous: 302 to /login). */
export interface Case {
  path: (ids: Ids) => string;
  ok: Login[];
  redirects?: Login[];
  /** Anonymous visitors are sent to sign in, unless the page is public. */
  public?: boolean;
}
export type Ids = Awaited<ReturnType<typeof demoIds>>;

export const ROUTES: Record<string, Case[]> = {
  "_index": [{ path: () => "/", ok: ["anonymous"], redirects: [...LOGINS], public: true }],
  "healthz": [{ path: () => "/healthz", ok: ["anonymous", ...LOGINS], public: true }],
  "login": [{ path: () => "/login", ok: ["anonymous"], redirects: [...LOGINS], public: true }],
  "logout": [{ path: () => "/logout", ok: [], redirects: ["anonymous", ...LOGINS], public: true }],
  "password": [{ path: () => "/password", ok: [...LOGINS] }],
  "classes._index": [{ path: () => "/classes", ok: STAFF }],
  "home": [{ path: () => "/home", ok: STAFF }],
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
  // The справка is only sent (a form's file answer): a GET is 404 even for the administration.
  "students.$studentId_.record[.]pdf": [{ path: (ids) => `/students/${ids.childA}/record.pdf`, ok: [] }],
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
  "admin.audit[.]xlsx": [{ path: () => "/admin/audit.xlsx?action=update", ok: ["admin"] }],
  "admin.settings": [{ path: () => "/admin/settings", ok: ["admin"] }],
  "admin.school": [{ path: () => "/admin/school", ok: ["admin"] }],
  // The contingent (the journal's export, arrivals, moves, departures): the administration only.
  "admin.roster": [{ path: () => "/admin/roster", ok: ["admin"] }],
  "admin.roster_.template[.]xlsx": [{ path: () => "/admin/roster/template.xlsx", ok: ["admin"] }],
  // Login slips are only sent (a form's file answer): a GET is 405 for everyone.
  "admin.roster_.slips[.]pdf": [{ path: () => "/admin/roster/slips.pdf", ok: [] }],
  // The school year and the yearly archive (seed 004 §7): the administration closes a year and
  // removes what is past its period; the archivist (and the administration) make the archive.
  "admin.year": [{ path: () => "/admin/year", ok: ["admin"] }],
  "admin.periods": [{ path: () => "/admin/periods", ok: ["admin"] }],
  "admin.curriculum": [{ path: () => "/admin/curriculum", ok: ["admin"] }],
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
  // A family proposes an achievement of its own child; a refused one is corrected on its own page.
  "family.$studentId_.proposals": [
    { path: (ids) => `/family/${ids.childA}/proposals`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/proposals`, ok: ["parent2"] },
    { path: (ids) => `/family/${ids.student9b}/proposals`, ok: [] },
  ],
  "family.$studentId_.proposals_.$achievementId": [{ path: (ids) => `/family/${ids.childA}/proposals/${ids.achievementA}`, ok: [] }],
  "notifications": [{ path: () => "/notifications", ok: [...LOGINS] }],
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
  // Digital credentials of verified achievements: the child's family only; the DID document, the
  // status lists and the credential check are public and name no one.
  "family.$studentId_.badges": [
    { path: (ids) => `/family/${ids.childA}/badges`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/badges`, ok: ["parent2"] },
    { path: (ids) => `/family/${ids.missing}/badges`, ok: [] },
  ],
  "family.$studentId_.badges_.$achievementId[.]json": [
    { path: (ids) => `/family/${ids.childA}/badges/${ids.achievementA}.json`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/badges/${ids.achievementA}.json`, ok: [] },
    { path: (ids) => `/family/${ids.childA}/badges/${ids.submittedA}.json`, ok: [] },
  ],
  "family.$studentId_.clr[.]json": [
    { path: (ids) => `/family/${ids.childA}/clr.json`, ok: ["parent", "student"] },
    { path: (ids) => `/family/${ids.childB}/clr.json`, ok: ["parent2"] },
  ],
  "students.$studentId_.badges": [
    { path: (ids) => `/students/${ids.childA}/badges`, ok: STAFF },
    { path: (ids) => `/students/${ids.student9b}/badges`, ok: WHOLE_SCHOOL },
  ],
  "[.]well-known.did[.]json": [{ path: () => "/.well-known/did.json", ok: ["anonymous", ...LOGINS], public: true }],
  "credentials.status.$schoolId.$list[.]json": [
    { path: (ids) => `/credentials/status/${ids.schoolId}/1.json`, ok: ["anonymous", ...LOGINS], public: true },
    { path: (ids) => `/credentials/status/${ids.missing}/1.json`, ok: [], public: true },
  ],
  "verify.credential": [{ path: () => "/verify/credential", ok: ["anonymous", ...LOGINS], public: true }],
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

