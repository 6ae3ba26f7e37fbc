// The portfolio of a student (seed 004 §4.9) as data, then as a PDF: verified achievements only,
// grouped by section, kind and school year; subject results with the record page's trajectories;
// the school's details and a verification block. Class measures are never included: they are
// other children's data.
import { isValidObjectId, Types } from "mongoose";
import sharp from "sharp";
import { levelOf } from "~models/vocabulary/achievement-kinds";
import { KINDS, LEVEL, STATUS, isKind, type Kind } from "~models/vocabulary/achievement-kinds";
import { formatDate, formatNumber, pluralRu } from "~/domain/format";
import { documentTitle } from "~/achievements/kinds";
import { Conflict } from "~/http/refusals";
import { resultsOfYears, studentResults, type StudentResults } from "~/results/trajectories.server";
import { getCurrentYear } from "~models/academic-year.server";
import { listStudentAchievements, type Achievement } from "~models/achievement.server";
import { className, getClass } from "~models/class.server";
import { DOCUMENT_KINDS } from "~models/document.server";
import { listThumbnails } from "~models/evidence.server";
import { getSchool, getSchoolLogo, type School } from "~models/school.server";
import { fullName, getEnrolment, getStudent } from "~models/student.server";
import { issuedSigning, letterhead, verificationEnd, type IssueFacts, type LetterheadLogo } from "./letterhead.server";
import { PdfWriter, type TableCell } from "./pdf-kit.server";
import { PORTFOLIO_SECTIONS, SECTION_CODES, sectionOf, type SectionCode } from "./sections";

export interface PortfolioOptions {
  sections: SectionCode[];
  /** School years to include («2024/2025»); empty: all. */
  years: string[];
  /** Print thumbnails of the confirming photos and scans. */
  thumbnails: boolean;
}
export const WHOLE_PORTFOLIO: PortfolioOptions = { sections: SECTION_CODES, years: [], thumbnails: true };

interface PortfolioItem {
  date: Date;
  title: string;
  level: string;
  /** The level's rank for the title page's «highest results» (international first), 0 without one. */
  rank: number;
  /** Won or placed (a winner, a prize-winner). */
  placed: boolean;
  result: string;
  note: string;
  /** Who ran it (an olympiad's organiser, say), when recorded. */
  organiser: string;
  documents: { name: string; thumbnail: Uint8Array | null }[];
}

export interface Portfolio {
  school: Pick<School, "name" | "shortName" | "address" | "municipality" | "inn" | "ogrn" | "director" | "directorTitle" | "phone" | "email"> & {
    logo: LetterheadLogo | null;
  };
  student: { name: string; birthDate: Date };
  className: string | null;
  schoolYear: string;
  options: PortfolioOptions;
  sections: { code: SectionCode; label: string; kinds: { kind: Kind; label: string; years: { year: string; items: PortfolioItem[] }[] }[] }[];
  results: StudentResults | null;
}

/**
 * A record that cannot be printed as stored (its data is damaged): the document cannot be made
 * until it is corrected (409). Named, so a batch can report it and go on, and a page can say so.
 */
export class BrokenRecord extends Conflict {}

function checkStored(a: Achievement) {
  const fine =
    isKind(a.kind) &&
    a.details !== null &&
    typeof a.details === "object" &&
    typeof a.title === "string" &&
    a.date instanceof Date &&
    !Number.isNaN(a.date.getTime());
  if (!fine) throw new BrokenRecord(`запись достижения ${String(a._id)} повреждена (вид, дата или поля не читаются)`);
}

// Thumbnails as JPEG (what a PDF takes; they are stored as WebP), by evidence id. A confirming
// document never changes once stored, so a converted thumbnail can be kept; the oldest go first.
const jpegThumbnails = new Map<string, Uint8Array | null>();
const JPEG_CACHE_SIZE = 2000;

async function thumbnailsOf(schoolId: Types.ObjectId, achievements: Achievement[]) {
  const ids = achievements.flatMap((a) => a.evidence.filter((e) => e.type.startsWith("image/")).map((e) => String(e.fileId)));
  const missing = ids.filter((id) => !jpegThumbnails.has(id));
  if (missing.length) {
    for (const doc of await listThumbnails({ schoolId, fileIds: missing })) {
      const webp = doc.thumbnail;
      // A thumbnail that does not decode is left out of the PDF.
      const jpeg = webp
        ? await sharp(webp)
            .jpeg({ quality: 80 })
            .toBuffer()
            .catch(() => null)
        : null;
      if (jpegThumbnails.size >= JPEG_CACHE_SIZE) jpegThumbnails.delete(jpegThumbnails.keys().next().value!);
      jpegThumbnails.set(String(doc._id), jpeg);
    }
  }
  const out = new Map<string, Uint8Array>();
  for (const id of ids) {
    const jpeg = jpegThumbnails.get(id);
    if (jpeg) out.set(id, jpeg);
  }
  return out;
}

/** What a portfolio holds for this student, or null if there is no such student in the school. */
export async function readPortfolio(schoolId: Types.ObjectId, studentId: Types.ObjectId | string, options: PortfolioOptions): Promise<Portfolio | null> {
  if (!isValidObjectId(studentId)) return null;
  const id = new Types.ObjectId(String(studentId));
  const wantsKinds = options.sections.some((s) => PORTFOLIO_SECTIONS[s].kinds.length > 0);
  // Every read at once (each is a round trip to the database); what belongs to no student of the
  // school is never shown, since the student is checked before anything is used.
  const [student, school, logo, placement, achievements, results] = await Promise.all([
    getStudent(schoolId, String(id), null),
    getSchool(schoolId),
    getSchoolLogo({ schoolId }),
    getCurrentYear(schoolId).then(async (year) => {
      const enrolment = year ? await getEnrolment(schoolId, id, year._id) : null;
      return { year, schoolClass: enrolment ? await getClass(schoolId, String(enrolment.classId)) : null };
    }),
    wantsKinds ? listStudentAchievements(schoolId, id, { verifiedOnly: true }) : Promise.resolve([]),
    options.sections.includes("results") ? studentResults(schoolId, id) : Promise.resolve(null),
  ]);
  if (!student || !school) return null;
  const { year, schoolClass } = placement;

  achievements.forEach(checkStored);
  const chosen = achievements.filter(
    (a) =>
      a.status === "verified" && options.sections.includes(sectionOf(a.kind as Kind)) && (options.years.length === 0 || options.years.includes(a.academicYear))
  );
  const thumbnails = options.thumbnails ? await thumbnailsOf(schoolId, chosen) : new Map<string, Uint8Array>();
  const item = (a: Achievement): PortfolioItem => {
    const kind = a.kind as Kind;
    const level = levelOf(kind, a.details);
    return {
      date: a.date,
      title: a.title,
      level: level ? LEVEL[level] ?? "" : "",
      rank: level ? LEVEL_RANK.indexOf(level) + 1 : 0,
      placed: a.details.status === "winner" || a.details.status === "prizewinner",
      // The result with its place or points: «призёр, 41 балл», «победитель, 1 место».
      result: [
        a.details.status ? STATUS[String(a.details.status)] ?? "" : "",
        a.details.place ? `${a.details.place} место` : "",
        typeof a.details.points === "number" ? pluralRu(a.details.points, ["балл", "балла", "баллов"]) : "",
      ]
        .filter(Boolean)
        .join(", "),
      note: kind === "personal" ? String(a.details.observation ?? "") : "",
      organiser: String(a.details.organiser ?? a.details.grantedBy ?? ""),
      documents: a.evidence.map((e, i) => ({
        name: documentTitle(kind, a.details, i, a.evidence.length),
        thumbnail: thumbnails.get(String(e.fileId)) ?? null,
      })),
    };
  };
  const sections = options.sections
    .filter((code) => code !== "results")
    .map((code) => ({
      code,
      label: PORTFOLIO_SECTIONS[code].label,
      kinds: (PORTFOLIO_SECTIONS[code].kinds as readonly Kind[])
        .map((kind) => {
          const ofKind = chosen.filter((a) => a.kind === kind);
          const years = [...new Set(ofKind.map((a) => a.academicYear))].sort().reverse();
          return { kind, label: KINDS[kind].label, years: years.map((y) => ({ year: y, items: ofKind.filter((a) => a.academicYear === y).map(item) })) };
        })
        .filter((k) => k.years.length > 0),
    }));
  return {
    school: {
      name: school.name,
      shortName: school.shortName,
      address: school.address,
      municipality: school.municipality,
      inn: school.inn,
      ogrn: school.ogrn,
      director: school.director,
      directorTitle: school.directorTitle,
      phone: school.phone,
      email: school.email,
      logo,
    },
    student: { name: fullName(student), birthDate: student.birthDate },
    className: schoolClass ? className(schoolClass) : null,
    schoolYear: year?.name ?? "",
    options,
    sections,
    results: results ? resultsOfYears(results, options.years) : null,
  };
}

/** Levels from the lowest: the higher the index, the higher the result. */
const LEVEL_RANK = ["school", "municipal", "regional", "federal", "international"];

/**
 * The title page's summary: how many confirmed achievements of each kind and at which levels, and
 * the three highest results (by level, a win or a prize first).
 */
function summaryOf(p: Portfolio) {
  const kinds = p.sections
    .flatMap((s) => s.kinds)
    .map((k) => {
      const items = k.years.flatMap((y) => y.items);
      const levels = new Map<string, number>();
      for (const i of items) if (i.level) levels.set(i.level, (levels.get(i.level) ?? 0) + 1);
      const byLevel = [...levels].map(([level, n]) => `${level} — ${n}`).join(", ");
      return `${k.label}: ${items.length}${byLevel ? ` (${byLevel})` : ""}`;
    });
  const best = p.sections
    .flatMap((s) => s.kinds.flatMap((k) => k.years.flatMap((y) => y.items)))
    .filter((i) => i.rank > 0)
    .sort((a, b) => b.rank - a.rank || Number(b.placed) - Number(a.placed) || b.date.getTime() - a.date.getTime())
    .slice(0, 3)
    .map((i) => `${i.title} (${formatDate(i.date)})`);
  return { kinds, best };
}

const fmtMark = (v: number | null) => (v === null ? "" : formatNumber(v, 0, 2));

/** The PDF of a portfolio: a title page with the school, the student and the verification block, then each section. */
export async function renderPortfolio(p: Portfolio, facts: IssueFacts): Promise<Uint8Array<ArrayBuffer>> {
  const title = `${DOCUMENT_KINDS[facts.kind][0].toUpperCase()}${DOCUMENT_KINDS[facts.kind].slice(1)}`;
  const pdf = await PdfWriter.create({ title: `${title}: ${p.student.name}`, subject: `${title}, ${p.schoolYear} учебный год`, author: p.school.name });

  await letterhead(pdf, p.school, 24);
  pdf.heading(title.toUpperCase(), 1);
  // A section with nothing confirmed is not printed: the title page says which they are.
  const filled = p.sections.filter((s) => s.kinds.length > 0);
  const empty = p.sections.filter((s) => s.kinds.length === 0).map((s) => s.label);
  pdf.facts([
    ["Обучающийся", p.student.name],
    ["Дата рождения", formatDate(p.student.birthDate)],
    ["Класс", p.className ? `${p.className}, ${p.schoolYear} учебный год` : `${p.schoolYear} учебный год (не обучается в этом году)`],
    ["Разделы", p.options.sections.map((s) => PORTFOLIO_SECTIONS[s].label).join("; ")],
    ["Учебные годы", p.options.years.length ? p.options.years.join(", ") : "все"],
    ...(empty.length ? ([["Без записей", empty.join("; ")]] as [string, string][]) : []),
    ...(facts.purpose ? ([["Цель", facts.purpose]] as [string, string][]) : []),
    ["Дата выдачи", formatDate(facts.issuedAt)],
    ["Выдал(а)", facts.issuedByName],
  ]);
  const summary = summaryOf(p);
  if (summary.kinds.length) {
    pdf.heading("Кратко", 3);
    for (const line of summary.kinds) pdf.text(`• ${line}`, { size: 10 });
    if (summary.best.length) {
      pdf.text("Высшие результаты:", { size: 10, bold: true, after: 1 });
      for (const line of summary.best) pdf.text(`• ${line}`, { size: 10 });
    }
  }
  pdf.space(6);
  pdf.text("В документ включены только достижения, подтверждённые образовательной организацией.", { size: 9, muted: true });
  verificationEnd(pdf, p.school, facts);

  pdf.newPage();
  for (const section of filled) {
    pdf.heading(section.label);
    for (const kind of section.kinds) {
      pdf.heading(kind.label, 3);
      for (const year of kind.years) {
        pdf.heading(`${year.year} учебный год`, 4);
        pdf.table(
          [
            { header: "Дата", width: 1.35 },
            { header: "Достижение", width: 4 },
            { header: "Уровень", width: 1.75 },
            { header: "Результат", width: 1.2 },
            { header: "Документ", width: 2 },
          ],
          year.items.map((i) => [
            formatDate(i.date),
            [i.title, i.note, i.organiser ? `Организатор: ${i.organiser}` : ""].filter(Boolean).join(". "),
            i.level || "—",
            i.result || "подтверждено",
            i.documents.map((d) => d.name).join("; ") || "—",
          ])
        );
        const pictures = year.items.flatMap((i) =>
          i.documents.filter((d) => d.thumbnail).map((d) => ({ bytes: d.thumbnail!, kind: "jpg" as const, caption: `${formatDate(i.date)}: ${d.name}` }))
        );
        if (pictures.length) await pdf.images(pictures);
      }
    }
  }

  if (p.results) {
    pdf.heading(PORTFOLIO_SECTIONS.results.label);
    if (p.results.subjects.length === 0) pdf.text("Итоговые отметки за выбранные годы не загружены.", { muted: true });
    else {
      pdf.text(`Средний балл по периодам: ${p.results.overall.label} (${p.results.overall.reason}).`, { after: 4 });
      pdf.chart(p.results.labels, p.results.overall.values);
      pdf.space(6);
      const rows: TableCell[][] = p.results.subjects.map((s) => [s.name, ...s.values.map(fmtMark), { spark: s.values }, s.label]);
      pdf.table(
        [
          { header: "Предмет", width: 3 },
          ...p.results.labels.map((l) => ({ header: l, width: 1.2, align: "center" as const })),
          { header: "Динамика", width: 1.6 },
          { header: "", width: 1.5 },
        ],
        rows,
        { size: p.results.labels.length > 8 ? 6.5 : 8 }
      );
      pdf.text(
        "Отметки за период — итоговые отметки из электронного журнала; динамика — по тому, растёт или снижается средний балл от периода к периоду и насколько он колеблется.",
        { size: 8, muted: true }
      );
    }
  }
  return pdf.finish(`${p.student.name} · ${DOCUMENT_KINDS[facts.kind]} · код ${facts.code}`, issuedSigning(facts));
}
