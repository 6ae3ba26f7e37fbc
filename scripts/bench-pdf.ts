// On the synthetic school (made first when missing): `npm run bench:pdf -- [--data-dir D] [--runs N]`.
// 1. A full portfolio PDF (data read + PDF) for the student with the most verified achievements:
//    its median, against Debian's chromium printing the same content from HTML to PDF (data read
//    + page + print), in the same run.
// 2. A ZIP of 30 such portfolios: time and peak memory.
// Prints the figures; the last line is the ratio of the medians.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { PDFDocument } from "pdf-lib";
import { chromium } from "playwright-core";
import yazl from "yazl";
import { z } from "zod";
import { chartGeometry } from "~/components/trajectory-geometry";
import { readPortfolio, renderPortfolio, WHOLE_PORTFOLIO, type Portfolio } from "~/documents/portfolio.server";
import { formatDate, formatNumber } from "~/domain/format";
import { listStudentsWithVerified, studentWithMostVerified } from "~models/achievement.server";
import { schoolSignature } from "~/signature/school-certificate.server";
import { failCli, readCliArgs } from "./cli";
import { openSyntheticSchool } from "./synthetic-school";

const args = readCliArgs(
  { "data-dir": { type: "string", default: "var/synthetic-db" }, runs: { type: "string", default: "30" } },
  z.object({ "data-dir": z.string(), runs: z.coerce.number().int().min(3).max(1000) })
);

const { db, school } = await openSyntheticSchool(args["data-dir"]);
const schoolId = school._id;
const top = await studentWithMostVerified({ schoolId });
if (!top) {
  await db.close();
  failCli("у синтетической школы нет достижений: пересоздайте её (npm run seed:synthetic -- --reset)");
}
// Signed with the school's certificate, as every issued document is.
const facts = {
  kind: "portfolio" as const,
  code: "BENC-H000-0000",
  verifyUrl: "http://localhost:3000/verify/BENC-H000-0000",
  issuedAt: new Date(),
  issuedByName: "Бенчмарк",
  signature: await schoolSignature(schoolId),
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timeRuns(run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < args.runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

// 1a. The registry's own PDF.
const pdfMedian = await timeRuns(async () => {
  const portfolio = (await readPortfolio(schoolId, top._id, WHOLE_PORTFOLIO))!;
  await renderPortfolio(portfolio, facts);
});
const pages = (await PDFDocument.load(await renderPortfolio((await readPortfolio(schoolId, top._id, WHOLE_PORTFOLIO))!, facts))).getPageCount();

// 1b. The same content as an HTML page printed by chromium.
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
function svgChart(labels: string[], values: (number | null)[], width: number, height: number, compact: boolean) {
  const g = chartGeometry(labels, values, width, height, compact);
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${g.grid
    .map((l) => `<line x1="${g.left}" x2="${g.right}" y1="${l.y}" y2="${l.y}" stroke="#ccc"/>`)
    .join("")}${g.segments
    .map((run) => `<polyline fill="none" stroke="#1d2733" stroke-width="2" points="${run.map((p) => `${p.x},${p.y}`).join(" ")}"/>`)
    .join("")}${g.points.map((p) => `<circle cx="${p.x}" cy="${p.y}" r="3" fill="#fff" stroke="#1d2733"/>`).join("")}</svg>`;
}
function portfolioHtml(p: Portfolio) {
  const sections = p.sections
    .map(
      (s) =>
        `<h2>${escape(s.label)}</h2>${s.kinds
          .map(
            (k) =>
              `<h3>${escape(k.label)}</h3>${k.years
                .map(
                  (y) =>
                    `<h4>${y.year}</h4><table><tr><th>Дата</th><th>Достижение</th><th>Уровень</th><th>Результат</th><th>Документ</th></tr>${y.items
                      .map(
                        (i) =>
                          `<tr><td>${formatDate(i.date)}</td><td>${escape(i.title)}</td><td>${escape(i.level)}</td><td>${escape(i.result)}</td><td>${i.documents
                            .map((d) => escape(d.name))
                            .join(", ")}</td></tr>`
                      )
                      .join("")}</table>${y.items
                      .flatMap((i) =>
                        i.documents
                          .filter((d) => d.thumbnail)
                          .map((d) => `<img src="data:image/jpeg;base64,${Buffer.from(d.thumbnail!).toString("base64")}" width="140">`)
                      )
                      .join("")}`
                )
                .join("")}`
          )
          .join("")}`
    )
    .join("");
  const results = p.results
    ? `<h2>Предметные результаты</h2>${svgChart(p.results.labels, p.results.overall.values, 640, 200, false)}<table><tr><th>Предмет</th>${p.results.labels
        .map((l) => `<th>${l}</th>`)
        .join("")}<th>Динамика</th></tr>${p.results.subjects
        .map(
          (s) =>
            `<tr><td>${escape(s.name)}</td>${s.values.map((v) => `<td>${v === null ? "" : formatNumber(v, 0, 2)}</td>`).join("")}<td>${svgChart(
              p.results!.labels,
              s.values,
              90,
              26,
              true
            )} ${s.label}</td></tr>`
        )
        .join("")}</table>`
    : "";
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><style>body{font-family:"DejaVu Sans",sans-serif;font-size:10pt}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:2px 4px;text-align:left}h2{page-break-before:always}</style></head><body>
<h1>${escape(p.school.name)}</h1><p>${escape(p.school.address)}</p><h1>ПОРТФОЛИО ОБУЧАЮЩЕГОСЯ</h1><p>${escape(p.student.name)}, ${p.className ?? ""}, ${
    p.schoolYear
  }</p>
<p>Код проверки: ${facts.code}</p>${sections}${results}</body></html>`;
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
// A page per document, as a server printing for several people at once needs; the browser itself
// is started once and kept (the kind setup most favours chromium).
const chromiumMedian = await timeRuns(async () => {
  const portfolio = (await readPortfolio(schoolId, top._id, WHOLE_PORTFOLIO))!;
  const page = await browser.newPage();
  await page.setContent(portfolioHtml(portfolio), { waitUntil: "load" });
  await page.pdf({
    format: "A4",
    printBackground: true,
    displayHeaderFooter: true,
    footerTemplate:
      '<div style="font-size:8px;width:100%;text-align:right;padding-right:1cm"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    headerTemplate: "<div></div>",
  });
  await page.close();
});
await browser.close();

// 2. A ZIP of 30 portfolios (the largest class's students, then the next), streamed to a file.
const students = await listStudentsWithVerified({ schoolId, limit: 30 });
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-pdf-")), "class.zip");
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const zipStarted = performance.now();
const zip = new yazl.ZipFile();
const written = pipeline(zip.outputStream, fs.createWriteStream(out));
for (const [i, s] of students.entries()) {
  const portfolio = (await readPortfolio(schoolId, s._id, WHOLE_PORTFOLIO))!;
  zip.addBuffer(Buffer.from(await renderPortfolio(portfolio, facts)), `${i + 1}.pdf`, { compress: false });
}
zip.end();
await written;
const zipMs = performance.now() - zipStarted;
clearInterval(sampler);
const zipSize = fs.statSync(out).size;
fs.rmSync(path.dirname(out), { recursive: true, force: true });
await db.close();

console.log(`обучающийся: ${top.n} подтверждённых достижений, ${pages} стр. PDF; прогонов: ${args.runs}`);
console.log(`портфолио PDF (pdf-lib), медиана: ${pdfMedian.toFixed(1)} мс (бюджет 150 мс)`);
console.log(`то же из HTML через chromium (page.pdf), медиана: ${chromiumMedian.toFixed(1)} мс`);
console.log(
  `ZIP из ${students.length} портфолио: ${(zipMs / 1000).toFixed(2)} с, ${(zipSize / 1024 / 1024).toFixed(1)} МБ, пик памяти процесса ${(
    peak /
    1024 /
    1024
  ).toFixed(0)} МБ (до начала ${(baseline / 1024 / 1024).toFixed(0)} МБ)`
);
console.log(`ratio chromium/pdf-lib: ${(chromiumMedian / pdfMedian).toFixed(1)}`);
