// The busiest hour of a school day, as people would make it, all from one address: families open
// their child's record and ask for extracts, teachers add achievements with a phone photo of the
// diploma, class teachers verify, approve extracts and correct a class's marks, the administration
// opens summaries, the quality report and the gifted register and downloads PDFs, the archivist
// exports a closed year in the background. Used by `npm run bench:load` and, for a minute, by
// `npm test`. Every answer is checked: a 5xx, a dropped connection or a wrong page is an error.
import fs from "node:fs";
import sharp from "sharp";

export interface Cast {
  password: string;
  parents: { login: string; children: string[] }[];
  teachers: { login: string; students: string[] }[];
  classTeachers: { login: string; classId: string }[];
  admins: string[];
  archivist: string | null;
  /** A closed school year the archivist exports; the current one the reports are asked for. */
  closedYear: string | null;
  currentYear: string;
  classIds: string[];
  studentIds: string[];
}

export interface LoadOptions {
  base: string;
  cast: Cast;
  people: number;
  durationMs: number;
  /** The server's resident memory now, in bytes (sampled every second). */
  serverRss?: () => number;
  /** The moment the «early» memory figure is read: 2 minutes, or half a shorter run. */
  earlyMs?: number;
  seed?: number;
  onProgress?: (line: string) => void;
}

export interface LoadReport {
  pages: { label: string; count: number; p50: number; p95: number; p99: number }[];
  requests: number;
  errors: string[];
  recordP95: number;
  rssEarly: number;
  rssEnd: number;
}

/** A deterministic stream of numbers in [0, 1): the same run for the same seed. */
function makeRandom(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** A phone photo of a diploma, about 3 MB: noise does not compress. */
export async function phonePhoto(): Promise<Buffer> {
  const width = 1500;
  const height = 1125;
  const pixels = Buffer.alloc(width * height * 3);
  const random = makeRandom(7);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 120 + Math.floor(random() * 100);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** The same photo as another upload: a JPEG comment after the start marker changes its bytes, not its picture. */
function distinctCopy(photo: Buffer, n: number): Buffer {
  const text = Buffer.from(`снимок ${n} ${Date.now()}`, "utf8");
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(text.length + 2, 2);
  text.copy(segment, 4);
  return Buffer.concat([photo.subarray(0, 2), segment, photo.subarray(2)]);
}

const ERROR_PAGE = /Что-то пошло не так|Страница не найдена|Произошла внутренняя ошибка/;

/** Every `<input>` of a page as name → value (the order of attributes does not matter). */
function inputsOf(html: string): Map<string, string> {
  const inputs = new Map<string, string>();
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (name) inputs.set(name, (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? "").replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
  }
  return inputs;
}

type Role = "parent" | "teacher" | "classTeacher" | "admin" | "archivist";

interface Person {
  role: Role;
  login: string;
  cookie: string;
  random: () => number;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { base, cast } = options;
  const random = makeRandom(options.seed ?? 1);
  const pick = <T>(items: T[], r = random) => items[Math.floor(r() * items.length)];
  const latencies = new Map<string, number[]>();
  const errors: string[] = [];
  let requests = 0;
  let uploads = 0;
  const photo = await phonePhoto();

  /** One request, timed under its label and checked: `accept` says whether the answer is the right one. */
  async function call(label: string, path: string, init: RequestInit, accept: (status: number, body: string, type: string) => boolean): Promise<string | null> {
    const started = performance.now();
    requests += 1;
    try {
      const response = await fetch(base + path, { redirect: "manual", ...init, headers: { Origin: base, ...(init.headers as Record<string, string>) } });
      const type = response.headers.get("content-type") ?? "";
      const bytes = Buffer.from(await response.arrayBuffer());
      const body = type.startsWith("application/pdf") ? bytes.subarray(0, 5).toString("latin1") : bytes.toString("utf8");
      const ms = performance.now() - started;
      if (!latencies.has(label)) latencies.set(label, []);
      latencies.get(label)!.push(ms);
      if (response.status >= 500 || !accept(response.status, body, type)) {
        const said = /(?:class="alert"|role="alert")[^>]*>([^<]{1,160})/.exec(body)?.[1] ?? "";
        errors.push(`${label} ${path}: ${response.status}${said ? ` «${said}»` : ""}`);
        return null;
      }
      return body;
    } catch (error) {
      errors.push(`${label} ${path}: ${(error as Error).message}`);
      return null;
    }
  }
  const page = (status: number, body: string) => status === 200 && body.includes("</html>") && !ERROR_PAGE.test(body);
  const pdf = (status: number, body: string, type: string) => status === 200 && type.startsWith("application/pdf") && body.startsWith("%PDF");
  const get = (person: Person, label: string, path: string, accept: (status: number, body: string, type: string) => boolean = page) => call(label, path, { headers: { Cookie: person.cookie } }, accept);
  const post = (person: Person, label: string, path: string, body: URLSearchParams | FormData, accept: (status: number, body: string) => boolean) =>
    call(label, path, { method: "POST", body, headers: { Cookie: person.cookie } }, accept);

  const actions: Record<Role, { weight: number; run: (p: Person) => Promise<unknown> }[]> = {
    parent: [
      { weight: 6, run: (p) => get(p, "record (family)", `/family/${pick(childrenOf(p), p.random)}`) },
      { weight: 2, run: (p) => get(p, "extracts (family)", `/family/${pick(childrenOf(p), p.random)}/extracts`) },
      {
        weight: 1,
        run: (p) => {
          const body = new URLSearchParams({ purpose: "для олимпиадной школы" });
          for (const section of ["achievements", "results"]) body.append("section", section);
          // Sent, it redirects back to the page; a family with five requests waiting is told so: a rule, not an error.
          return post(p, "extract request", `/family/${pick(childrenOf(p), p.random)}/extracts`, body, (s, b) => s === 302 || (s === 400 && b.includes("пять заявлений")));
        },
      },
    ],
    teacher: [
      { weight: 3, run: (p) => get(p, "record", `/students/${pick(studentsOf(p), p.random)}`) },
      {
        weight: 1,
        run: (p) => {
          uploads += 1;
          const form = new FormData();
          const fields = { kind: "contest", date: new Date().toISOString().slice(0, 10), contestType: "creative", title: `Конкурс чтецов, тур ${uploads}`, level: "school", status: "participant", intent: "submit" };
          for (const [key, value] of Object.entries(fields)) form.append(key, value);
          form.append("files", new Blob([new Uint8Array(distinctCopy(photo, uploads))], { type: "image/jpeg" }), `IMG_${uploads}.jpg`);
          return post(p, "achievement with a 3 MB photo", `/students/${pick(studentsOf(p), p.random)}/achievements/new`, form, (s) => s === 302);
        },
      },
    ],
    classTeacher: [
      { weight: 2, run: (p) => get(p, "verification queue", "/achievements") },
      { weight: 2, run: (p) => verifyOne(p) },
      { weight: 1, run: (p) => approveOne(p) },
      { weight: 1, run: (p) => correctMarks(p) },
    ],
    admin: [
      { weight: 3, run: (p) => get(p, "class summary", `/classes/${pick(cast.classIds, p.random)}/summary?period=1`) },
      { weight: 2, run: (p) => get(p, "quality report", "/quality") },
      { weight: 2, run: (p) => get(p, "gifted register", "/gifted") },
      { weight: 2, run: (p) => get(p, "record", `/students/${pick(cast.studentIds, p.random)}`) },
      { weight: 1, run: (p) => get(p, "portfolio PDF", `/students/${pick(cast.studentIds, p.random)}/portfolio.pdf`, pdf) },
      { weight: 1, run: (p) => get(p, "quality PDF", `/quality.pdf?period=year&year=${encodeURIComponent(cast.currentYear)}`, pdf) },
    ],
    archivist: [{ weight: 1, run: (p) => get(p, "archive page", "/archive") }],
  };

  const childrenOf = (p: Person) => cast.parents.find((x) => x.login === p.login)!.children;
  const studentsOf = (p: Person) => cast.teachers.find((x) => x.login === p.login)!.students;
  const classOf = (p: Person) => cast.classTeachers.find((x) => x.login === p.login)!.classId;

  async function verifyOne(p: Person) {
    const queue = await get(p, "verification queue", "/achievements");
    const ids = [...new Set([...(queue ?? "").matchAll(/href="\/achievements\/([0-9a-f]{24})"/g)].map((m) => m[1]))];
    if (!ids.length) return;
    const id = pick(ids, p.random);
    const card = await get(p, "achievement", `/achievements/${id}`);
    const seen = card ? inputsOf(card).get("seen") : undefined;
    if (!card || !seen) return;
    // With its document it is confirmed; without one (no «confirm» button) it is sent back with the reason.
    const verdict = card.includes('name="intent" value="verify"')
      ? new URLSearchParams({ intent: "verify", seen })
      : new URLSearchParams({ intent: "reject", seen, reason: "Нет подтверждающего документа: приложите скан диплома" });
    // Two people deciding on the same record at once: the second is told it changed.
    await post(p, "verification", `/achievements/${id}`, verdict, (s, b) => s === 200 || s === 302 || ((s === 400 || s === 409) && b.includes("уже изменилось")));
  }

  async function approveOne(p: Person) {
    const queue = await get(p, "extract queue", "/extracts");
    const ids = [...(queue ?? "").matchAll(/<input type="hidden" name="intent" value="approve"\/?>\s*<input type="hidden" name="id" value="([0-9a-f]{24})"/g)].map((m) => m[1]);
    if (!ids.length) return;
    // Issued, it redirects back to the queue; two class teachers approving the same request at once: the second is told (409).
    await post(p, "extract approval (PDF issued)", "/extracts", new URLSearchParams({ intent: "approve", id: pick(ids, p.random) }), (s, b) => s === 302 || (s === 409 && /уже рассмотрено|уже выдана/.test(b)));
  }

  async function correctMarks(p: Person) {
    const path = `/classes/${classOf(p)}/marks?period=1`;
    const grid = await get(p, "marks grid", path);
    if (!grid) return;
    const inputs = inputsOf(grid);
    const cells = [...inputs.keys()].filter((name) => name.startsWith("m:"));
    if (!cells.length) return;
    const body = new URLSearchParams();
    for (const [name, value] of inputs) if (/^(m|l|a|u):/.test(name) || name === "previewed" || name === "period") body.set(name, value);
    body.set("period", "1");
    body.set(pick(cells, p.random), String(3 + Math.floor(p.random() * 3)));
    // Marks changed by someone else since the grid was opened: refused and said so.
    await post(p, "marks applied", path, body, (s, b) => s === 302 || s === 200 || (s === 409 && b.length > 0));
  }

  // The cast, by the share of each role in a school's busy hour.
  const roles: Role[] = [];
  const share: [Role, number, boolean][] = [
    ["parent", 0.45, cast.parents.length > 0],
    ["teacher", 0.2, cast.teachers.length > 0],
    ["classTeacher", 0.15, cast.classTeachers.length > 0],
    ["admin", 0.2, cast.admins.length > 0],
  ];
  if (cast.archivist) roles.push("archivist");
  const present = share.filter(([, , here]) => here);
  // One of each present role, then always the role furthest below its share.
  for (const [role] of present) roles.push(role);
  while (roles.length < options.people) {
    const count = (role: Role) => roles.filter((r) => r === role).length;
    const [next] = present.reduce((best, entry) => (entry[1] * options.people - count(entry[0]) > best[1] * options.people - count(best[0]) ? entry : best));
    roles.push(next);
  }

  const people: Person[] = [];
  for (const [i, role] of roles.entries()) {
    const login =
      role === "parent" ? cast.parents[i % cast.parents.length].login
      : role === "teacher" ? cast.teachers[i % cast.teachers.length].login
      : role === "classTeacher" ? cast.classTeachers[i % cast.classTeachers.length].login
      : role === "admin" ? cast.admins[i % cast.admins.length]
      : cast.archivist!;
    const response = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { Origin: base }, body: new URLSearchParams({ login, password: cast.password }) });
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    if (response.status !== 302 || !cookie) throw new Error(`не удалось войти как ${login}: ${response.status}`);
    people.push({ role, login, cookie, random: makeRandom((options.seed ?? 1) * 1000 + i + 1) });
  }

  let rssEarly = 0;
  let rssPeak = 0;
  const startedAt = performance.now();
  const earlyMs = options.earlyMs ?? Math.min(120_000, options.durationMs / 2);
  const sampler = setInterval(() => {
    if (!options.serverRss) return;
    rssPeak = Math.max(rssPeak, options.serverRss());
    if (performance.now() - startedAt <= earlyMs) rssEarly = rssPeak;
  }, 1000);
  const progress = setInterval(() => options.onProgress?.(`${Math.round((performance.now() - startedAt) / 1000)} с: запросов ${requests}, ошибок ${errors.length}`), 15_000);

  const deadline = startedAt + options.durationMs;
  async function live(person: Person) {
    if (person.role === "archivist" && cast.closedYear) {
      await post(person, "archive export started", "/archive", new URLSearchParams({ intent: "start", schoolYear: cast.closedYear }), (s) => s === 302);
    }
    const menu = actions[person.role];
    const total = menu.reduce((sum, a) => sum + a.weight, 0);
    while (performance.now() < deadline) {
      let roll = person.random() * total;
      const action = menu.find((a) => (roll -= a.weight) < 0) ?? menu[0];
      await action.run(person);
      // A person reads what they opened before the next click.
      await new Promise((r) => setTimeout(r, 300 + person.random() * 1200));
    }
  }
  await Promise.all(people.map(live));
  clearInterval(sampler);
  clearInterval(progress);
  if (options.serverRss) rssPeak = Math.max(rssPeak, options.serverRss());

  const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  const pages = [...latencies.entries()]
    .map(([label, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { label, count: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
    })
    .sort((a, b) => b.count - a.count);
  const records = [...(latencies.get("record") ?? []), ...(latencies.get("record (family)") ?? [])].sort((a, b) => a - b);
  return { pages, requests, errors, recordP95: records.length ? percentile(records, 0.95) : 0, rssEarly, rssEnd: rssPeak };
}

/** The server's resident memory from /proc, in bytes. */
export function rssOf(pid: number): () => number {
  return () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
}

/** The report as printed: per page, then the one closing line. */
export function formatReport(report: LoadReport): string[] {
  const lines = ["страница                                   запросов    p50    p95    p99 (мс)"];
  for (const p of report.pages) lines.push(`${p.label.padEnd(42)} ${String(p.count).padStart(8)} ${p.p50.toFixed(0).padStart(6)} ${p.p95.toFixed(0).padStart(6)} ${p.p99.toFixed(0).padStart(6)}`);
  lines.push(`всего запросов: ${report.requests}, ошибок: ${report.errors.length}`);
  for (const error of report.errors.slice(0, 20)) lines.push(`  ошибка: ${error}`);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  lines.push(`пик памяти сервера: ранний ${mb(report.rssEarly)} МБ, к концу ${mb(report.rssEnd)} МБ`);
  const growth = report.rssEarly ? report.rssEnd / report.rssEarly : 0;
  lines.push(`errors ${report.errors.length}, record p95 ${report.recordP95.toFixed(0)} ms, rss growth ${growth.toFixed(2)}`);
  return lines;
}
