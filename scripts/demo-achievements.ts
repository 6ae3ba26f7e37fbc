// Achievements of the demo school, with generated diplomas, so that a person clicking through
// sees a registry in use: verified entries with documents, some awaiting verification, a draft.
import { Types } from "mongoose";
import sharp from "sharp";
import { describeAchievement } from "~/achievements/kinds";
import { levelOf } from "~models/vocabulary/achievement-kinds";
import { type Details, type Kind } from "~models/vocabulary/achievement-kinds";
import { schoolYearName, schoolYearStart } from "~/domain/school-year";
import { createAchievement, insertAchievements, type NewAchievement } from "~models/achievement.server";
import { putEvidence } from "~storage/evidence-store.server";
import { inspectUpload } from "~storage/inspect.server";
import type { Random } from "./russian-names";

interface Author {
  _id: Types.ObjectId;
  name: string;
}

/** A diploma-like picture: a frame, a ribbon and the words, different for each document. */
export async function diploma(title: string, subtitle: string, hue: number, width = 840, height = 600) {
  const escape = (s: string) => s.replace(/[<>&"]/g, "");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 840 600">
    <rect width="840" height="600" fill="hsl(${hue},60%,96%)"/>
    <rect x="24" y="24" width="792" height="552" fill="none" stroke="hsl(${hue},55%,40%)" stroke-width="10"/>
    <rect x="44" y="44" width="752" height="512" fill="none" stroke="hsl(${hue},55%,60%)" stroke-width="3"/>
    <text x="420" y="190" font-family="DejaVu Serif, serif" font-size="72" text-anchor="middle" fill="hsl(${hue},55%,30%)">${escape(title)}</text>
    <text x="420" y="290" font-family="DejaVu Sans, sans-serif" font-size="28" text-anchor="middle" fill="#333">${escape(subtitle)}</text>
    <circle cx="680" cy="470" r="50" fill="hsl(${(hue + 40) % 360},70%,55%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const TEMPLATES: { kind: Kind; details: (r: Random) => Details; paper: string }[] = [
  { kind: "olympiad", paper: "ДИПЛОМ", details: (r) => ({ olympiadType: "vsosh", stage: r.pick(["school", "school", "municipal", "regional"]), subject: r.pick(["математика", "русский язык", "биология", "история", "физика"]), status: r.pick(["winner", "prizewinner", "prizewinner", "participant"]), organiser: "Управление образования" }) },
  { kind: "contest", paper: "ГРАМОТА", details: (r) => ({ contestType: r.pick(["creative", "intellectual", "research"]), title: r.pick(["Конкурс чтецов «Живая классика»", "Научно-практическая конференция «Шаг в будущее»", "Конкурс рисунков «Мой край»"]), level: r.pick(["school", "municipal", "regional"]), status: r.pick(["winner", "prizewinner", "participant"]), organiser: "Дом детского творчества" }) },
  { kind: "sport", paper: "ДИПЛОМ", details: (r) => ({ title: "Первенство города", sport: r.pick(["лёгкая атлетика", "плавание", "шахматы", "футбол"]), level: "municipal", status: r.pick(["winner", "prizewinner"]), place: r.int(1, 3) }) },
  { kind: "gto", paper: "УДОСТОВЕРЕНИЕ", details: (r) => ({ badge: r.pick(["gold", "silver", "bronze"]), stage: r.int(3, 5), orderNumber: `${r.int(100, 999)}-нг`, orderDate: "2025-12-15", certificateNumber: `25-76-${r.int(1000000, 9999999)}` }) },
  { kind: "volunteering", paper: "БЛАГОДАРНОСТЬ", details: (r) => ({ organisation: "Фонд «Добрые руки»", activity: r.pick(["Сбор корма для приюта", "Помощь ветеранам", "Экологическая акция «Чистый берег»"]), periodFrom: "2025-09-15", periodTo: "2025-12-20", hours: r.int(6, 40), confirmedBy: "dobro", confirmation: `Книжка волонтёра № ${r.int(100000, 999999)}` }) },
];

export async function seedDemoAchievements(options: {
  schoolId: Types.ObjectId;
  students: { _id: Types.ObjectId; lastName: string; firstName: string }[];
  author: Author;
  verifier: Author;
  random: Random;
  today: Date;
}) {
  const { schoolId, students, author, verifier, random, today } = options;
  const lastYearStart = schoolYearStart(today) - 1;
  let made = 0;
  for (const [index, student] of students.entries()) {
    const count = index === 0 ? 4 : random.int(0, 3);
    for (let i = 0; i < count; i++) {
      const template = index === 0 ? TEMPLATES[i] : random.pick(TEMPLATES);
      const details = template.details(random);
      if (index === 0 && i === 0) Object.assign(details, { stage: "regional", status: "prizewinner", subject: "математика" });
      const date = new Date(Date.UTC(lastYearStart + (random.next() < 0.6 ? 1 : 0), random.int(0, 3), random.int(1, 27)));
      const at = date > today ? new Date(Date.UTC(lastYearStart, 10, 20)) : date;
      const status = index === 0 && i === 3 ? "submitted" : random.next() < 0.8 ? "verified" : "submitted";
      const _id = new Types.ObjectId();
      const file = await inspectUpload(await diploma(template.paper, `${student.lastName} ${student.firstName}`, random.int(0, 359)), `${template.paper.toLowerCase()}.jpg`);
      const [evidence] = await putEvidence({ schoolId, studentId: student._id, uploadedBy: author._id }, [file], _id);
      await createAchievement({
        schoolId,
        achievement: {
          _id,
          studentId: student._id,
          kind: template.kind,
          date: at,
          academicYear: schoolYearName(schoolYearStart(at)),
          details,
          title: describeAchievement(template.kind, details),
          level: levelOf(template.kind, details),
          status,
          source: "staff",
          createdBy: author._id,
          createdByName: author.name,
          verifiedBy: status === "verified" ? verifier._id : null,
          verifiedAt: status === "verified" ? at : null,
          evidence: [{ fileId: evidence._id, name: evidence.name, type: evidence.type, size: evidence.size, sha256: evidence.sha256 }],
          chainId: _id,
          version: 1,
          history: [
            { at, by: author._id, byName: author.name, action: "внесено и отправлено на проверку" },
            ...(status === "verified" ? [{ at, by: verifier._id, byName: verifier.name, action: "подтверждено по документам" }] : []),
          ],
        },
      });
      made++;
    }
  }
  return made;
}

/**
 * Many achievements at once for the synthetic school: `perStudent` each (most verified), the
 * first `withFiles` of each student with a generated diploma (normalised and thumbnailed like any
 * upload). Written in batches, with progress.
 */
export async function seedManyAchievements(options: {
  schoolId: Types.ObjectId;
  students: { _id: Types.ObjectId; lastName: string; firstName: string }[];
  author: Author;
  random: Random;
  today: Date;
  perStudent: number;
  withFiles: number;
  onProgress?: (done: number) => void;
}) {
  const { schoolId, students, author, random, today } = options;
  const firstYear = schoolYearStart(today) - 2;
  let batch: NewAchievement[] = [];
  let made = 0;
  for (const [index, student] of students.entries()) {
    for (let i = 0; i < options.perStudent; i++) {
      const template = TEMPLATES[(index + i) % TEMPLATES.length];
      const details = template.details(random);
      const date = new Date(Date.UTC(firstYear + random.int(0, 2), random.int(0, 11), random.int(1, 27)));
      const at = date > today ? new Date(Date.UTC(firstYear, 10, 20)) : date;
      const status = random.next() < 0.85 ? "verified" : "submitted";
      const _id = new Types.ObjectId();
      let evidence: NewAchievement["evidence"] = [];
      if (i < options.withFiles) {
        const file = await inspectUpload(await diploma(template.paper, `${student.lastName} ${student.firstName}`, random.int(0, 359), 420, 300), `${template.paper.toLowerCase()}.jpg`);
        const [stored] = await putEvidence({ schoolId, studentId: student._id, uploadedBy: author._id }, [file], _id);
        evidence = [{ fileId: stored._id, name: stored.name, type: stored.type, size: stored.size, sha256: stored.sha256 }];
      }
      batch.push({
        _id, studentId: student._id, kind: template.kind, date: at, academicYear: schoolYearName(schoolYearStart(at)), details,
        title: describeAchievement(template.kind, details), level: levelOf(template.kind, details), status, source: "staff",
        createdBy: author._id, createdByName: author.name, verifiedBy: status === "verified" ? author._id : null, verifiedAt: status === "verified" ? at : null,
        evidence, chainId: _id, version: 1, history: [{ at, by: author._id, byName: author.name, action: "внесено" }],
      });
      made++;
    }
    if (batch.length >= 1000 || index === students.length - 1) {
      await insertAchievements({ schoolId, achievements: batch });
      batch = [];
      options.onProgress?.(made);
    }
  }
  return made;
}
