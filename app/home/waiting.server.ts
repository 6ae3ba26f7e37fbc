// What waits for a member of staff: the counts of their home page (each a link to where the work is)
// and the badges of the navigation. One place decides whose work each count is.
import type { Types } from "mongoose";
import { ledClassIds, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { can } from "~/auth/permissions";
import { pastRetention } from "~/archive/retention.server";
import { formatDate, todayIso, schoolDayStart } from "~/domain/format";
import { qualifyingStudents } from "~/gifted/eligibility.server";
import { riskListFor } from "~/results/risk.server";
import { schoolCertificates } from "~/signature/school-certificate.server";
import { closedYearNames, getCurrentYear, listYears } from "~models/academic-year.server";
import { countFamilyProposals, countSubmitted, listAuthorsOpenEntries } from "~models/achievement.server";
import { listVerifiedArchiveYears } from "~models/archive.server";
import { className, findClasses } from "~models/class.server";
import { countWaitingCreditApplications } from "~models/credit.server";
import { countOpenExtractRequests } from "~models/document.server";
import { getGiftedRecords } from "~models/gifted.server";
import { getAuthorMayNotVerify } from "~models/school.server";
import { fullName, listStudentNames } from "~models/student.server";
import { listSupportReviewsDue } from "~models/support.server";
import type { PublicUser } from "~models/user.server";

/** One count on the home page: what it is, how many, where the work is done. */
export interface Waiting {
  label: string;
  count: number;
  to: string;
  /** Said under the count: what «0» or the number means for this person. */
  note?: string;
}

/** A person's own entries that wait for them (drafts, refused with a reason). */
export interface OwnEntry {
  id: string;
  title: string;
  student: string;
  refused: boolean;
  reason: string;
  updatedAt: Date;
}

/** A support route whose review date has come. */
export interface ReviewDue {
  studentId: string;
  student: string;
  on: Date;
}

/** The students whose entries and requests this person decides (null: the school's) and the closed years: read once per page. */
interface DecidingReach {
  studentIds: Types.ObjectId[] | null;
  closedYears: Set<string>;
}
async function decidingReach(user: PublicUser): Promise<DecidingReach> {
  const [studentIds, closedYears] = await Promise.all([verifiableStudentIds(user), closedYearNames(schoolOf(user))]);
  return { studentIds, closedYears };
}
const decides = (user: PublicUser) => can(user.roles, "verify:achievements") || can(user.roles, "approve:extracts");

/** Entries on review this person decides: the school's entries rule keeps their own out of it. */
async function reviewCount(user: PublicUser, reach: DecidingReach) {
  const schoolId = schoolOf(user);
  const barred = !user.roles.includes("admin") && (await getAuthorMayNotVerify(schoolId));
  return countSubmitted({ schoolId, ...reach, notBy: barred ? (user._id as Types.ObjectId) : null });
}

/** The badges of the navigation, by the page they stand beside: cheap counts only. */
export async function navBadges(user: PublicUser, reach?: DecidingReach | null): Promise<Record<string, number>> {
  const schoolId = schoolOf(user);
  const within = reach ?? (decides(user) ? await decidingReach(user) : null);
  const [reviews, extracts, credits] = await Promise.all([
    can(user.roles, "verify:achievements") && within ? reviewCount(user, within) : 0,
    can(user.roles, "approve:extracts") && within ? countOpenExtractRequests({ schoolId, studentIds: within.studentIds }) : 0,
    can(user.roles, "decide:credits") ? countWaitingCreditApplications({ schoolId }) : 0,
  ]);
  return { "/achievements": reviews, "/extracts": extracts, "/credits": credits };
}

/** Students who pass a ГИР event's bar this year and hold no inclusion of this year yet. */
async function giftedNotIncluded(schoolId: Types.ObjectId, year: string) {
  const { rows } = await qualifyingStudents(schoolId, year, null);
  const studentIds = [...new Set(rows.map((r) => r.studentId))];
  const records = await getGiftedRecords(schoolId, studentIds as unknown as Types.ObjectId[]);
  return studentIds.filter((id) => !records.get(id)?.inclusions.some((i) => i.schoolYear === year && !i.cancelledAt)).length;
}

/** A month's notice before the signing certificate expires. */
const CERTIFICATE_NOTICE_DAYS = 30;

/** The school's documents are signed by a certificate the registry made, or by one about to expire: the school replaces it in «Настройки». */
async function certificateReminder(schoolId: Types.ObjectId, now: Date) {
  const current = (await schoolCertificates(schoolId))[0];
  const expiring = current && current.validTo.getTime() - now.getTime() < CERTIFICATE_NOTICE_DAYS * 86_400_000;
  const note = !current
    ? "будет создан с первым документом"
    : current.origin === "self-signed"
    ? "самоподписанный, создан реестром: загрузите сертификат школы"
    : `действует по ${formatDate(current.validTo)}`;
  return { label: "Сертификат электронной подписи", count: !current || current.origin === "self-signed" || expiring ? 1 : 0, to: "/admin/settings", note };
}

/** Closed school years without an archive that was made and verified. */
async function yearsWithoutArchive(schoolId: Types.ObjectId) {
  const [years, verified] = await Promise.all([listYears(schoolId), listVerifiedArchiveYears({ schoolId })]);
  return years.filter((y) => y.closedAt && !verified.includes(y.name)).map((y) => y.name);
}

/** Everything the home page shows this person, `now` the moment of asking (the school's «today» comes from it). */
export async function waitingFor(user: PublicUser, now: Date) {
  const schoolId = schoolOf(user);
  const roles = user.roles;
  const year = await getCurrentYear(schoolId);
  const counts: Waiting[] = [];
  let ownEntries: OwnEntry[] = [];
  let reviewsDue: ReviewDue[] = [];

  const reach = decides(user) ? await decidingReach(user) : null;
  const badges = await navBadges(user, reach);
  if (can(roles, "verify:achievements") && reach) {
    counts.push({
      label: "Достижения на проверке",
      count: badges["/achievements"],
      to: "/achievements",
      note: roles.includes("admin") ? "по всей школе" : "в ваших классах",
    });
    const proposals = await countFamilyProposals({ schoolId, ...reach });
    counts.push({
      label: "Предложения семей",
      count: proposals,
      to: "/achievements?origin=family",
      note: "достижения, которые прислали родители и обучающиеся",
    });
  }
  if (can(roles, "approve:extracts")) counts.push({ label: "Заявления на выписку", count: badges["/extracts"], to: "/extracts" });
  if (can(roles, "decide:credits")) counts.push({ label: "Заявления о зачёте результатов", count: badges["/credits"], to: "/credits" });

  if (roles.includes("classTeacher") || roles.includes("specialist")) {
    const { entries } = await riskListFor(user);
    counts.push({
      label: "Группа риска",
      count: entries.length,
      to: "/risk",
      note: roles.includes("specialist") || roles.includes("admin") ? "по всей школе" : "в вашем классе",
    });
  }
  if (can(roles, "write:support") && year) {
    const due = await listSupportReviewsDue({ schoolId, yearId: year._id, by: schoolDayStart(todayIso(new Date(now.getTime() + 86_400_000))) });
    const names = new Map((await listStudentNames({ schoolId, studentIds: due.map((d) => d.studentId) })).map((s) => [String(s._id), fullName(s)]));
    // A class teacher reviews their own class's routes; the specialists and the administration the school's.
    const own = roles.includes("admin") || roles.includes("specialist") ? null : reach?.studentIds ?? [];
    reviewsDue = due
      .filter((d) => own === null || own.some((id) => String(id) === String(d.studentId)))
      .map((d) => ({ studentId: String(d.studentId), student: names.get(String(d.studentId)) ?? "", on: d.nextReview! }));
    counts.push({ label: "Маршруты к пересмотру", count: reviewsDue.length, to: "#reviews", note: "срок пересмотра наступил" });
  }

  if (roles.some((r) => r === "teacher" || r === "classTeacher" || r === "specialist")) {
    const entries = await listAuthorsOpenEntries({ schoolId, createdBy: user._id as Types.ObjectId });
    const names = new Map((await listStudentNames({ schoolId, studentIds: entries.map((e) => e.studentId) })).map((s) => [String(s._id), fullName(s)]));
    ownEntries = entries.map((e) => ({
      id: String(e._id),
      title: e.title,
      student: names.get(String(e.studentId)) ?? "",
      refused: e.status === "rejected",
      reason: e.rejectionReason ?? "",
      updatedAt: e.updatedAt,
    }));
    counts.push({ label: "Мои черновики", count: ownEntries.filter((e) => !e.refused).length, to: "#own", note: "не отправлены на проверку" });
    counts.push({ label: "Мои отклонённые записи", count: ownEntries.filter((e) => e.refused).length, to: "#own", note: "исправьте по причине отказа" });
  }

  if (can(roles, "manage:gifted") && year) {
    counts.push({
      label: "Проходят в ГИР, но не включены",
      count: await giftedNotIncluded(schoolId, year.name),
      to: "/gifted",
      note: `за ${year.name} учебный год`,
    });
  }
  if (can(roles, "export:archive")) {
    const missing = await yearsWithoutArchive(schoolId);
    counts.push({ label: "Закрытые годы без проверенного архива", count: missing.length, to: "/archive", note: missing.join(", ") || undefined });
    const due = await pastRetention(schoolId, now);
    const items = due.personalFiles.length + due.registers.length + (due.oldAudit.count ? 1 : 0);
    counts.push({
      label: "Срок хранения истёк",
      count: items,
      to: can(roles, "manage:retention") ? "/admin/retention" : "/archive",
      note: "личные дела, ведомости, журнал доступа",
    });
  }

  if (can(roles, "manage:settings")) counts.push(await certificateReminder(schoolId, now));

  // The year: when it ends and whether it is time to close it (the administration closes it).
  const yearState =
    can(roles, "manage:years") && year ? { name: year.name, endDate: year.endDate, over: todayIso(now) > year.endDate.toISOString().slice(0, 10) } : null;
  // A class teacher's own classes, to open straight from home.
  const led = roles.includes("classTeacher") && !roles.includes("admin") ? await findClasses({ schoolId, classIds: await ledClassIds(user) }) : [];
  const classes = led.map((c) => ({ id: String(c._id), name: className(c) }));
  return { counts, ownEntries, reviewsDue, yearState, classes };
}
