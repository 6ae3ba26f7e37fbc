// A family's verified achievements as verifiable credentials: one achievement as an Open Badges 3.0
// OpenBadgeCredential, the chosen years as a CLR 2.0 ClrCredential holding them. Each download is a
// new credential, signed by the school and recorded like any issued document (its code opens the
// public verify page the credential names as evidence); its status bit says whether it still holds.
import crypto from "node:crypto";
import type { Types } from "mongoose";
import { describeAchievement } from "~/achievements/kinds";
import { newVerificationCode } from "~/documents/codes.server";
import { formatDate } from "~/domain/format";
import { KINDS, LEVEL, STATUS, type Kind } from "~models/vocabulary/achievement-kinds";
import { createIssuedDocument, type DocumentKind } from "~models/document.server";
import type { Achievement } from "~models/achievement.server";
import { fullName, type Student } from "~models/student.server";
import type { School } from "~models/school.server";
import type { PublicUser } from "~models/user.server";
import { BADGE_KINDS } from "./achievement-types";
import { CLR_CONTEXT, OB_CONTEXT, VC_CONTEXT } from "./contexts.server";
import { credentialInstant, credentialJwt, didOf, signCredential } from "./issuer.server";
import { statusEntry, takeStatusBit } from "./status-list.server";

export type CredentialFormat = "json" | "jwt";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** The school as the issuer: the installation's DID, with the school's name, address and site. */
function issuerProfile(school: School, origin: string) {
  return {
    id: didOf(origin),
    type: ["Profile"],
    name: school.name,
    url: origin,
    ...(school.email ? { email: school.email } : {}),
    ...(school.phone ? { phone: school.phone } : {}),
    address: { type: ["Address"], addressCountry: "Россия", addressCountryCode: "RU", streetAddress: school.address },
  };
}

/**
 * Who the credential is about: a salted SHA-256 of the registry's own identifier of the student
 * (an opaque value: not СНИЛС, which a published salt would let anyone find by trying), and the
 * child's name only when the family chose to put it in.
 */
function recipient(student: Student, named: boolean) {
  const salt = crypto.randomBytes(16).toString("hex");
  const identifier = [{ type: "IdentityObject", identityType: "identifier", hashed: true, identityHash: `sha256$${sha256(`${student._id}${salt}`)}`, salt }];
  if (named) identifier.push({ type: "IdentityObject", identityType: "name", hashed: false, identityHash: fullName(student) } as (typeof identifier)[number]);
  return identifier;
}

/** The result or place the achievement records, as written in the portfolio. */
function resultOf(achievement: Achievement) {
  const d = achievement.details;
  const parts = [d.status ? STATUS[String(d.status)] : "", d.place ? `${d.place} место` : "", typeof d.result === "string" ? d.result : ""].filter(Boolean);
  return parts.length ? [{ type: ["Result"], value: parts.join(", ") }] : [];
}

/** The achievement as OB 3.0 describes one: what it was, at what level, when, by whose organisation, and the criteria it was confirmed by. */
function achievementOf(achievement: Achievement, school: School) {
  const kind = achievement.kind as Kind;
  const d = achievement.details;
  const organiser = [d.organiser, d.organisation, d.grantedBy].find((v) => typeof v === "string" && v.trim()) as string | undefined;
  const level = achievement.level ? LEVEL[achievement.level] : undefined;
  const described = describeAchievement(kind, d);
  const description = [
    `${described}.`,
    level && !described.includes(level) ? `Уровень: ${level}.` : "",
    organiser ? `Организатор: ${organiser}.` : "",
    `Дата: ${formatDate(achievement.date)}.`,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    // A stable id for the achievement (the same in every credential made of it), telling nothing of the database.
    id: `urn:uuid:${uuidFrom(`${school._id}:${achievement.chainId}:${achievement.version}`)}`,
    type: ["Achievement"],
    achievementType: BADGE_KINDS[kind]!.achievementType,
    name: achievement.title,
    description,
    criteria: { narrative: BADGE_KINDS[kind]!.criteria },
    inLanguage: "ru",
    tag: [KINDS[kind].label, ...(level ? [level] : [])],
    ...(typeof d.subject === "string" ? { fieldOfStudy: d.subject } : {}),
  };
}

/** An RFC 4122 version-5-like UUID from a name (SHA-256 based): the same name gives the same id. */
function uuidFrom(name: string) {
  const hex = sha256(name).slice(0, 32).split("");
  hex[12] = "5";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface Issue {
  school: School;
  student: Student;
  named: boolean;
  origin: string;
  issuer: PublicUser;
  at: Date;
}

/** An OpenBadgeCredential of one verified achievement (unsigned); `status` and `evidenceUrl` come from its record. */
function badgeCredential(achievement: Achievement, { school, student, named, origin, at }: Issue, evidenceUrl: string, status?: object) {
  const subjectResult = resultOf(achievement);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: achievement.title,
    issuer: issuerProfile(school, origin),
    validFrom: credentialInstant(at),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: recipient(student, named),
      achievement: achievementOf(achievement, school),
      activityEndDate: credentialInstant(achievement.date),
      ...(subjectResult.length ? { result: subjectResult } : {}),
    },
    evidence: [
      {
        id: evidenceUrl,
        type: ["Evidence"],
        name: "Запись о выдаче в реестре школы",
        narrative: `Достижение подтверждено школой по документам${
          achievement.verifiedAt ? ` ${formatDate(achievement.verifiedAt)}` : ""
        }; скан документа остаётся в школе.`,
      },
    ],
    ...(status ? { credentialStatus: status } : {}),
  };
}

/**
 * A CLR 2.0 credential holding each achievement's signed badge (unsigned itself). The badges carry
 * the CLR's own status entry: taken out of it, each is revoked together with it.
 */
async function clrCredential(achievements: Achievement[], years: string[], issue: Issue, evidenceUrl: string, status: object) {
  const badges = [];
  const where = { schoolId: issue.school._id, origin: issue.origin, at: issue.at };
  for (const achievement of achievements) badges.push(await signCredential(badgeCredential(achievement, issue, evidenceUrl, status), where));
  return {
    "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ["VerifiableCredential", "ClrCredential"],
    name: `Портфолио достижений${years.length ? `: ${years.join(", ")} ${years.length === 1 ? "учебный год" : "учебные годы"}` : ""}`,
    description: `Подтверждённые школой достижения (${achievements.length}) из портфолио обучающегося.`,
    issuer: issuerProfile(issue.school, issue.origin),
    validFrom: credentialInstant(issue.at),
    credentialSubject: { type: ["ClrSubject"], identifier: recipient(issue.student, issue.named), verifiableCredential: badges },
    credentialStatus: status,
  };
}

type UnsignedCredential = { id: string; issuer: { id: string }; validFrom: string; credentialSubject: object };
/** The badges a CLR holds (none for a badge): their ids, and their sizes as compact JSON. */
function partsOf(credential: UnsignedCredential) {
  const badges = (credential.credentialSubject as { verifiableCredential?: { id: string }[] }).verifiableCredential ?? [];
  return { parts: badges.map((b) => b.id), partSizes: badges.map((b) => Buffer.byteLength(JSON.stringify(b))) };
}

/** The file a family downloads: the credential with its proof (JSON), or the same credential as a VC-JWT. */
async function credentialFile(credential: UnsignedCredential, format: CredentialFormat, issue: Issue) {
  const where = { schoolId: issue.school._id, origin: issue.origin, at: issue.at };
  if (format === "jwt") return { text: await credentialJwt(credential, where), type: "application/jwt" };
  return { text: `${JSON.stringify(await signCredential(credential, where), null, 2)}\n`, type: "application/ld+json" };
}

/**
 * Makes, signs and records one credential: its code (for the verify page it names as evidence),
 * its status bit, then the credential, then the record in one insert. A code already taken fails
 * on its unique index, and the credential is made again with a new one.
 */
async function issueCredential(
  kind: Extract<DocumentKind, "badge" | "clr">,
  issue: Issue & { format: CredentialFormat; fileName: string; schoolYear: string; years: string[]; achievements: Achievement[] },
  build: (evidenceUrl: string, status: object) => Promise<UnsignedCredential>
) {
  for (let attempt = 0; ; attempt++) {
    const code = newVerificationCode();
    const statusIndex = await takeStatusBit(issue.school._id);
    const credential = await build(`${issue.origin}/verify/${code}`, statusEntry(issue.origin, issue.school._id, statusIndex));
    const file = await credentialFile(credential, issue.format, issue);
    try {
      const document = await createIssuedDocument({
        schoolId: issue.school._id,
        document: {
          code,
          kind,
          studentId: issue.student._id,
          schoolYear: issue.schoolYear,
          sections: [],
          years: issue.years,
          sha256: sha256(file.text),
          size: Buffer.byteLength(file.text),
          fileName: issue.fileName,
          gridFsId: null,
          extractId: null,
          issuedAt: issue.at,
          issuedBy: issue.issuer._id,
          issuedByName: fullName(issue.issuer),
          certificateSerial: "",
          credential: {
            id: credential.id,
            statusIndex,
            achievementIds: issue.achievements.map((a) => a._id as Types.ObjectId),
            named: issue.named,
            ...partsOf(credential),
          },
        },
      });
      return { document, ...file };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000 || attempt >= 2) throw error;
    }
  }
}

const extension = (format: CredentialFormat) => (format === "jwt" ? "jwt" : "json");

/** One verified achievement as an Open Badges 3.0 credential. */
export async function issueBadge(achievement: Achievement, issue: Issue & { format: CredentialFormat }) {
  const fileName = `Бейдж ${achievement.title.slice(0, 60)} ${issue.at.toISOString().slice(0, 10)}.${extension(issue.format)}`;
  return issueCredential(
    "badge",
    { ...issue, fileName, schoolYear: achievement.academicYear, years: [achievement.academicYear], achievements: [achievement] },
    async (evidenceUrl, status) => badgeCredential(achievement, issue, evidenceUrl, status)
  );
}

/** The verified achievements of the chosen years as one CLR 2.0 credential. */
export async function issueClr(achievements: Achievement[], years: string[], issue: Issue & { format: CredentialFormat; schoolYear: string }) {
  const fileName = `Портфолио CLR ${fullName(issue.student)} ${issue.at.toISOString().slice(0, 10)}.${extension(issue.format)}`;
  return issueCredential("clr", { ...issue, fileName, years, achievements }, (evidenceUrl, status) =>
    clrCredential(achievements, years, issue, evidenceUrl, status)
  );
}
