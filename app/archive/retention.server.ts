// What is past its storage period (models/vocabulary/retention-periods.ts) and its removal. Removal is
// an explicit action of the administration, allowed only once every school year the records
// belong to has an archive that was verified (seed 004 §7: the archive keeps them), and logged.
// - A personal file: the student's own records (achievements with every version and document,
//   issued documents, extract requests, credit applications, the gifted-register record, support)
//   go; the name and marks in the class registers stay, as those have their own, longer period.
// - Class registers of a year: the year's result sets (marks, works, attendance, plan) go.
// - The audit log: entries older than the period go.
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { RefusedByRule } from "~/http/refusals";
import { listYearsOldestFirst, markRegistersRemoved } from "~models/academic-year.server";
import { listVerifiedArchiveYears } from "~models/archive.server";
import { countAuditBefore, removeAuditBefore } from "~models/audit.server";
import { deleteDocumentBytes, deleteStudentIssuedDocuments, listStudentIssuedStorage } from "~models/document.server";
import { listStudentEvidenceStorage } from "~models/evidence.server";
import { removeYearResults } from "~models/results.server";
import { getRetention } from "~models/school.server";
import { fullName, listEnrolmentsOfStudents, listLeaversWithPersonalFile, markPersonalFileRemoved, removePersonalRecords } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { removeEvidence } from "~storage/evidence-store.server";
import { expiresOn, type RetentionKind } from "~models/vocabulary/retention-periods";

/** The school years with an archive that was made and verified. */
async function verifiedYears(schoolId: Types.ObjectId) {
  return new Set(await listVerifiedArchiveYears({ schoolId }));
}

export async function pastRetention(schoolId: Types.ObjectId, today = new Date()) {
  const [periods, years, archived] = await Promise.all([getRetention(schoolId), listYearsOldestFirst({ schoolId }), verifiedYears(schoolId)]);
  const period = (kind: RetentionKind) => periods.find((p) => p.kind === kind)!;
  const yearName = new Map(years.map((y) => [String(y._id), y.name]));

  const left = await listLeaversWithPersonalFile({ schoolId, leftBy: expiresOn(today, -period("personalFile").years), limit: 1000 });
  const enrolments = await listEnrolmentsOfStudents({ schoolId, studentIds: left.map((s) => s._id) });
  const personalFiles = left.map((s) => {
    const of = enrolments.filter((e) => String(e.studentId) === String(s._id)).map((e) => yearName.get(String(e.yearId)) ?? "");
    return { id: String(s._id), name: fullName(s), leftAt: s.leftAt!, expiredOn: expiresOn(s.leftAt!, period("personalFile").years), years: of.sort(), missing: of.filter((y) => !archived.has(y)).sort() };
  });

  const registers = years
    .filter((y) => y.closedAt && !y.registersRemovedAt && expiresOn(y.endDate, period("classRegisters").years) <= today)
    .map((y) => ({ id: String(y._id), name: y.name, expiredOn: expiresOn(y.endDate, period("classRegisters").years), missing: archived.has(y.name) ? [] : [y.name] }));

  const auditCutoff = expiresOn(today, -period("auditLog").years);
  const oldAudit = await countAuditBefore(schoolId, auditCutoff);
  const auditYears = years.filter((y) => y.startDate < auditCutoff).map((y) => y.name);
  return {
    periods,
    personalFiles,
    registers,
    oldAudit: { before: auditCutoff, count: oldAudit, missing: oldAudit ? auditYears.filter((y) => !archived.has(y)) : [] },
  };
}

const refuseUnarchived = (missing: string[]) => {
  if (missing.length) throw new RefusedByRule(`Сначала сделайте и проверьте архив: ${missing.join(", ")}. Удалять можно только то, что сохранено в проверенном архиве.`);
};

/** Removes what is past its period, of one kind; each removal is one audit line. */
export async function removeExpired(request: Request, user: PublicUser, schoolId: Types.ObjectId, kind: RetentionKind, ids: string[]) {
  const past = await pastRetention(schoolId);
  if (kind === "personalFile") {
    const chosen = past.personalFiles.filter((p) => ids.includes(p.id));
    if (!chosen.length) throw new RefusedByRule("Отметьте личные дела, срок хранения которых истёк", "id");
    for (const p of chosen) refuseUnarchived(p.missing);
    for (const p of chosen) {
      const removed = await removePersonalFile(schoolId, p.id as unknown as Types.ObjectId);
      await audit(request, user, { action: "delete", entity: "retention", entityId: p.id, summary: `Удалено личное дело по истечении срока хранения: ${p.name}, выбыл(а) ${p.leftAt.toISOString().slice(0, 10)}; ${removed}` });
    }
    return chosen.length;
  }
  if (kind === "classRegisters") {
    const chosen = past.registers.filter((r) => ids.includes(r.id));
    if (!chosen.length) throw new RefusedByRule("Отметьте учебные годы, срок хранения ведомостей которых истёк", "id");
    for (const r of chosen) refuseUnarchived(r.missing);
    for (const r of chosen) {
      const n = await removeYearRegisters(schoolId, r.id);
      await audit(request, user, { action: "delete", entity: "retention", entityId: r.id, summary: `Удалены отметки и посещаемость ${r.name} по истечении срока хранения: наборов ${n}` });
    }
    return chosen.length;
  }
  if (!past.oldAudit.count) throw new RefusedByRule("Записей журнала старше срока хранения нет");
  refuseUnarchived(past.oldAudit.missing);
  const n = await removeAuditBefore(schoolId, past.oldAudit.before);
  await audit(request, user, { action: "delete", entity: "retention", entityId: "auditLog", summary: `Удалены записи журнала доступа до ${past.oldAudit.before.toISOString().slice(0, 10)}: ${n}` });
  return n;
}

async function removePersonalFile(schoolId: Types.ObjectId, studentId: Types.ObjectId) {
  const key = { schoolId, studentId };
  // Every document uploaded for the student: for achievements and for credit applications alike.
  const evidence = await listStudentEvidenceStorage(key);
  const issued = await listStudentIssuedStorage(key);
  const removed = await removePersonalRecords(key);
  const counts = [
    `достижений (с версиями) ${removed.achievements}`,
    `заявлений о зачёте ${removed.creditApplications}`,
    `запросов выписок ${removed.extractRequests}`,
    `записей ГИР ${removed.giftedRecords}`,
    `сопровождений ${removed.supportCases}`,
  ];
  await removeEvidence(evidence);
  for (const doc of issued) if (doc.gridFsId) await deleteDocumentBytes({ gridFsId: doc.gridFsId }).catch(() => undefined);
  counts.push(`выданных документов ${await deleteStudentIssuedDocuments(key)}`, `файлов ${evidence.length}`);
  await markPersonalFileRemoved(key);
  return counts.join(", ");
}

async function removeYearRegisters(schoolId: Types.ObjectId, yearId: string) {
  const n = await removeYearResults({ schoolId, yearId });
  await markRegistersRemoved({ schoolId, yearId });
  return n;
}
