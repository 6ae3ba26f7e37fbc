// An achievement's life: entered (draft → submitted), verified or rejected with a reason, and
// once verified, locked: a correction is a new version. Every step is one conditional write to
// one document (no transactions needed) and a line in the audit log.
import { notify } from "~/notify/notify.server";
import { childAndFamily, classTeachersOf } from "~/notify/recipients.server";
import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { schoolYearName, schoolYearStart } from "~/domain/school-year";
import type { UploadedFile } from "~/files/multipart.server";
import { Conflict, RefusedByRule } from "~/http/refusals";
import {
  achievementListsAnyFile,
  createAchievement as writeAchievement,
  deleteUnverifiedAchievement,
  hasLaterVersion,
  markSuperseded,
  moveAchievementStatus,
  newAchievementId,
  rewriteAchievementIfUnchanged,
  type Achievement,
  type AchievementStatus,
} from "~models/achievement.server";
import { closedYearReason } from "~/school-year.server";
import { withdrawCredentialsOf } from "~models/document.server";
import { findSameDocuments, getEvidenceStorage, type Evidence } from "~models/evidence.server";
import { fullName, studentLeftReason } from "~models/student.server";
import type { PublicUser } from "~models/user.server";
import { putEvidence, removeEvidence } from "~storage/evidence-store.server";
import { inspectUpload, UploadRefused, type InspectedFile } from "~storage/inspect.server";
import { UPLOAD_LIMITS } from "~storage/limits";
import { barredAsAuthor } from "./access.server";
import { REJECTION_REASON_MAX } from "./forms";
import { describeAchievement, hasWhatVerificationNeeds, kindsAllowed, type ParsedAchievement } from "./kinds";
import { levelOf } from "~models/vocabulary/achievement-kinds";

const who = (user: PublicUser) => `${fullName(user)} (${user.login})`;
const historyLine = (user: PublicUser, action: string, note = "") => ({ at: new Date(), by: user._id, byName: who(user), action, note });

/** Checks every file before anything is written; the first refusal stops the whole upload. */
async function inspectAll(files: UploadedFile[], schoolId: Types.ObjectId, studentId: Types.ObjectId, alreadyCount: number) {
  if (files.length + alreadyCount > UPLOAD_LIMITS.maxFiles * 2) throw new RefusedByRule(`Слишком много документов у одного достижения (не больше ${UPLOAD_LIMITS.maxFiles * 2})`, "files");
  const inspected: InspectedFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let result: InspectedFile;
    try {
      result = await inspectUpload(file.bytes, file.originalName);
    } catch (error) {
      if (error instanceof UploadRefused) throw new RefusedByRule(error.message, "files");
      throw error;
    }
    if (seen.has(result.originalSha256)) throw new RefusedByRule(`Файл «${file.originalName}» выбран дважды`, "files");
    seen.add(result.originalSha256);
    const uploads = await findSameDocuments(schoolId, studentId, result.originalSha256);
    const same = uploads.length ? await achievementListsAnyFile({ schoolId, fileIds: uploads.map((u) => u._id) }) : false;
    if (same) {
      throw new RefusedByRule(`Файл «${file.originalName}» уже загружен для этого обучающегося (он уже прикреплён к одному из достижений)`, "files");
    }
    inspected.push(result);
  }
  return inspected;
}

const refOf = (e: Evidence) => ({ fileId: e._id, name: e.name, type: e.type, size: e.size, sha256: e.sha256 });

function fieldsOf(parsed: ParsedAchievement) {
  const date = new Date(`${parsed.date}T00:00:00Z`);
  return {
    kind: parsed.kind,
    date,
    academicYear: schoolYearName(schoolYearStart(date)),
    details: parsed.details,
    title: describeAchievement(parsed.kind, parsed.details),
    level: levelOf(parsed.kind, parsed.details),
  };
}

/** The class teacher hears of a family's proposal (new or corrected) to verify. */
async function tellOfProposal(request: Request, schoolId: Types.ObjectId, studentId: Types.ObjectId, id: Types.ObjectId, title: string) {
  const { firstName } = await childAndFamily(schoolId, studentId);
  await notify(schoolId, await classTeachersOf(schoolId, studentId), { kind: "proposal-received", text: `Семья предложила достижение (${firstName}): ${title}`, link: `/achievements/${id}`, firstName });
}

const isFamily = (user: PublicUser) => user.roles.includes("parent") || user.roles.includes("student");

function assertKindAllowed(user: PublicUser, parsed: ParsedAchievement) {
  if (!kindsAllowed(user.roles).includes(parsed.kind)) throw new RefusedByRule("Этот вид достижения вы вносить не можете", "kind");
}

/** Writes the files, then the document in one insert; if the insert fails the files go too. */
async function writeWithFiles(
  owner: { schoolId: Types.ObjectId; studentId: Types.ObjectId; user: PublicUser },
  files: InspectedFile[],
  id: Types.ObjectId,
  write: (refs: ReturnType<typeof refOf>[], id: Types.ObjectId) => Promise<void>,
) {
  const stored = await putEvidence({ schoolId: owner.schoolId, studentId: owner.studentId, uploadedBy: owner.user._id }, files, id);
  try {
    await write(stored.map(refOf), id);
  } catch (error) {
    await removeEvidence(stored);
    if ((error as { code?: number }).code === 11000) throw new Conflict("Исправление этого достижения уже внесено кем-то другим: обновите страницу");
    throw error;
  }
  return id;
}

/**
 * Achievements of a closed school year are read-only (the yearly archive holds them as they were),
 * and so is the personal file of a student who left.
 */
async function assertRecordOpen(schoolId: Types.ObjectId | string, studentId: Types.ObjectId | string, ...years: string[]) {
  const left = await studentLeftReason({ schoolId, studentId });
  if (left) throw new RefusedByRule(left);
  for (const name of new Set(years)) {
    const closed = await closedYearReason(schoolId, { name });
    if (closed) throw new RefusedByRule(closed);
  }
}

export async function createAchievement(input: {
  request: Request;
  user: PublicUser;
  schoolId: Types.ObjectId;
  studentId: Types.ObjectId;
  parsed: ParsedAchievement;
  files: UploadedFile[];
  submit: boolean;
}) {
  const { request, user, schoolId, studentId, parsed } = input;
  assertKindAllowed(user, parsed);
  // A family's entry is a proposal: it goes straight to the class teacher's review, never a draft.
  const family = isFamily(user);
  const submit = family || input.submit;
  await assertRecordOpen(schoolId, studentId, fieldsOf(parsed).academicYear);
  const files = await inspectAll(input.files, schoolId, studentId, 0);
  const id = await writeWithFiles({ schoolId, studentId, user }, files, newAchievementId(), async (refs, _id) => {
    await writeAchievement({
      schoolId,
      achievement: {
        _id,
        studentId,
        ...fieldsOf(parsed),
        status: submit ? "submitted" : "draft",
        source: family ? "family" : "staff",
        createdBy: user._id,
        createdByName: who(user),
        evidence: refs,
        chainId: _id,
        version: 1,
        history: [historyLine(user, family ? "предложено семьёй и отправлено на проверку" : submit ? "внесено и отправлено на проверку" : "внесено как черновик")],
      },
    });
  });
  await audit(request, user, { action: "create", entity: "achievement", entityId: String(id), studentId, summary: describeAchievement(parsed.kind, parsed.details), after: { ...parsed, files: files.map((f) => f.name) } });
  if (family) await tellOfProposal(request, schoolId, studentId, id, describeAchievement(parsed.kind, parsed.details));
  return id;
}

/**
 * Edits an achievement. A draft, a rejected one or one awaiting verification changes in place;
 * a verified one is locked, so the edit becomes its next version, awaiting verification in turn.
 */
export async function reviseAchievement(input: {
  request: Request;
  user: PublicUser;
  existing: Achievement;
  parsed: ParsedAchievement;
  files: UploadedFile[];
  removeFileIds: string[];
  submit: boolean;
}) {
  const { request, user, existing, parsed, submit } = input;
  assertKindAllowed(user, parsed);
  if (existing.supersededBy) throw new RefusedByRule("Это устаревшая версия: исправляйте действующую");
  await assertRecordOpen(existing.schoolId, existing.studentId, existing.academicYear, fieldsOf(parsed).academicYear);
  const kept = existing.evidence.filter((e) => !input.removeFileIds.includes(String(e.fileId)));
  const files = await inspectAll(input.files, existing.schoolId, existing.studentId, kept.length);
  const owner = { schoolId: existing.schoolId, studentId: existing.studentId, user };

  if (existing.status === "verified") {
    const pending = await hasLaterVersion({ schoolId: existing.schoolId, chainId: existing.chainId, version: existing.version });
    if (pending) throw new RefusedByRule("Исправление этого достижения уже внесено и ждёт проверки");
    const id = await writeWithFiles(owner, files, newAchievementId(), async (refs, _id) => {
      await writeAchievement({
        schoolId: existing.schoolId,
        achievement: {
          _id,
          studentId: existing.studentId,
          ...fieldsOf(parsed),
          status: submit ? "submitted" : "draft",
          // A correction is its author's: a staff member's correction of a family's entry is the school's.
          source: isFamily(user) ? "family" : "staff",
          createdBy: user._id,
          createdByName: who(user),
          evidence: [...kept, ...refs],
          chainId: existing.chainId,
          version: existing.version + 1,
          supersedes: existing._id,
          history: [historyLine(user, `исправление версии ${existing.version}`)],
        },
      });
    });
    await audit(request, user, { action: "update", entity: "achievement", entityId: String(id), studentId: existing.studentId, summary: `исправление: версия ${existing.version + 1}`, before: { details: existing.details, date: existing.date }, after: parsed });
    return id;
  }

  const removed = existing.evidence.filter((e) => input.removeFileIds.includes(String(e.fileId)));
  await writeWithFiles(owner, files, existing._id, async (refs) => {
    const written = await rewriteAchievementIfUnchanged({
      schoolId: existing.schoolId,
      achievementId: existing._id,
      seen: { status: existing.status, updatedAt: existing.updatedAt },
      set: { ...fieldsOf(parsed), evidence: [...kept, ...refs], status: submit ? "submitted" : "draft", rejectionReason: "" },
      history: historyLine(user, submit ? "изменено и отправлено на проверку" : "изменено"),
    });
    if (!written) throw new Conflict("Достижение успело измениться: откройте его заново");
  });
  await dropUnusedFiles(existing.schoolId, removed.map((e) => e.fileId));
  await audit(request, user, { action: "update", entity: "achievement", entityId: String(existing._id), studentId: existing.studentId, summary: describeAchievement(parsed.kind, parsed.details), before: { details: existing.details, date: existing.date, status: existing.status }, after: parsed });
  if (isFamily(user) && submit) await tellOfProposal(request, existing.schoolId, existing.studentId, existing._id, describeAchievement(parsed.kind, parsed.details));
  return existing._id;
}

/** Removes files no version of any achievement refers to any more. */
async function dropUnusedFiles(schoolId: Types.ObjectId, fileIds: Types.ObjectId[]) {
  for (const fileId of fileIds) {
    if (await achievementListsAnyFile({ schoolId, fileIds: [fileId] })) continue;
    const evidence = await getEvidenceStorage({ schoolId, fileId });
    if (evidence) await removeEvidence([evidence]);
  }
}

type Transition = "submit" | "verify" | "reject" | "withdraw" | "unverify";
const FROM: Record<Transition, AchievementStatus[]> = { submit: ["draft", "rejected"], verify: ["submitted"], reject: ["submitted"], withdraw: ["submitted"], unverify: ["verified"] };
const TO: Record<Transition, AchievementStatus> = { submit: "submitted", verify: "verified", reject: "rejected", withdraw: "draft", unverify: "rejected" };
const SAID: Record<Transition, string> = {
  submit: "отправлено на проверку",
  verify: "подтверждено по документам",
  reject: "отклонено",
  withdraw: "возвращено в черновики",
  unverify: "подтверждение отозвано",
};
/** The steps that carry a reason the author sees. */
const withReason = (transition: Transition) => transition === "reject" || transition === "unverify";

/** One step of the workflow, written only if the achievement is still where the step starts. */
export async function changeStatus(request: Request, user: PublicUser, achievement: Achievement, transition: Transition, reason = "", seen?: string) {
  if (withReason(transition) && reason.trim().length < 3) throw new RefusedByRule("Укажите причину: её увидит автор", "reason");
  if ((transition === "verify" || transition === "reject") && (await barredAsAuthor(user, achievement))) {
    throw new RefusedByRule("Это достижение внесли вы: подтверждает или отклоняет его другой человек — классный руководитель или администрация");
  }
  if (transition === "verify" && !hasWhatVerificationNeeds(achievement)) {
    throw new RefusedByRule("Нельзя подтвердить достижение без подтверждающего документа (§4.7 положения)");
  }
  await assertRecordOpen(achievement.schoolId, achievement.studentId, achievement.academicYear);
  const set: { status: AchievementStatus; verifiedBy?: Types.ObjectId; verifiedAt?: Date; rejectionReason?: string } = { status: TO[transition] };
  if (transition === "verify") Object.assign(set, { verifiedBy: user._id, verifiedAt: new Date(), rejectionReason: "" });
  if (withReason(transition)) set.rejectionReason = reason.trim().slice(0, REJECTION_REASON_MAX);
  // A verdict holds for the version the verifier looked at: if it changed since, nothing is written.
  const seenAt = seen !== undefined ? new Date(seen) : undefined;
  if (seenAt !== undefined && Number.isNaN(seenAt.getTime())) throw new RefusedByRule("Обновите страницу и повторите");
  const moved = await moveAchievementStatus({
    schoolId: achievement.schoolId,
    achievementId: achievement._id,
    from: FROM[transition],
    seenAt,
    set,
    history: historyLine(user, SAID[transition], withReason(transition) ? reason.trim().slice(0, REJECTION_REASON_MAX) : ""),
  });
  if (!moved) throw new Conflict("Состояние достижения уже изменилось: обновите страницу");
  if (transition === "verify" && achievement.supersedes) {
    // The verified correction now stands in for the version it corrects; credentials of that version no longer hold.
    await markSuperseded({ schoolId: achievement.schoolId, achievementId: achievement.supersedes, by: achievement._id });
    await withdrawCredentialsOf({ schoolId: achievement.schoolId, achievementIds: [achievement.supersedes], withdrawnByName: fullName(user), reason: "достижение исправлено" });
  }
  // Its credentials (badges, portfolios holding it) show as revoked from now on.
  if (transition === "unverify") await withdrawCredentialsOf({ schoolId: achievement.schoolId, achievementIds: [achievement._id], withdrawnByName: fullName(user), reason: reason.trim().slice(0, REJECTION_REASON_MAX) });
  await audit(request, user, { action: "update", entity: "achievement", entityId: String(achievement._id), studentId: achievement.studentId, summary: `${achievement.title}: ${SAID[transition]}`, before: { status: achievement.status }, after: { status: TO[transition], reason: reason || undefined } });
  if (transition === "verify" || withReason(transition)) await tellOfVerdict(request, user, achievement, transition as "verify" | "reject" | "unverify", reason.trim());
}

/**
 * A verdict is told to the entry's author and, for a confirmation or a family's own proposal, to the
 * family: each with the page they read it on.
 */
async function tellOfVerdict(request: Request, user: PublicUser, achievement: Achievement, transition: "verify" | "reject" | "unverify", reason: string) {
  const { schoolId, studentId } = achievement;
  const { firstName, family } = await childAndFamily(schoolId, studentId);
  const text = {
    verify: `Достижение подтверждено (${firstName}): ${achievement.title}`,
    reject: `Достижение отклонено (${firstName}): ${achievement.title}. Причина: ${reason}`,
    unverify: `Подтверждение достижения отозвано (${firstName}): ${achievement.title}. Причина: ${reason}`,
  }[transition];
  const kind = transition === "verify" ? "achievement-verified" : "achievement-refused";
  const byFamily = achievement.source === "family";
  // A withdrawn verification is the family's news too: the achievement leaves the portfolio.
  const familyTold = transition !== "reject" || byFamily;
  const familyLink = byFamily && transition !== "verify" ? `/family/${studentId}/proposals` : `/family/${studentId}`;
  if (familyTold) await notify(schoolId, byFamily ? [...family, achievement.createdBy] : family, { kind, text, link: familyLink, firstName }, user._id as Types.ObjectId);
  if (!byFamily) await notify(schoolId, [achievement.createdBy], { kind, text, link: `/achievements/${achievement._id}`, firstName }, user._id as Types.ObjectId);
}

/** A draft (or a rejected entry) that was never verified may be deleted, with its files. */
export async function deleteUnverified(request: Request, user: PublicUser, achievement: Achievement) {
  await assertRecordOpen(achievement.schoolId, achievement.studentId, achievement.academicYear);
  const deleted = await deleteUnverifiedAchievement({ schoolId: achievement.schoolId, achievementId: achievement._id });
  if (!deleted) throw new RefusedByRule("Удалить можно только черновик или отклонённое достижение");
  await dropUnusedFiles(achievement.schoolId, achievement.evidence.map((e) => e.fileId));
  await audit(request, user, { action: "delete", entity: "achievement", entityId: String(achievement._id), studentId: achievement.studentId, summary: achievement.title, before: { details: achievement.details, status: achievement.status } });
}
