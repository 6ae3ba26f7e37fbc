// Crediting results from other organisations (seed 004 §5), the family's side: who may apply, the
// application with its documents (through the same checks as any upload), and the lists of
// applications for the family and for the admin. Decisions are in decisions.server.ts.
import { notify } from "~/notify/notify.server";
import { administrationOf } from "~/notify/recipients.server";
import type { Types } from "mongoose";
import { isRepresentative, notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { UploadedFile } from "~/files/multipart.server";
import { RefusedByRule } from "~/http/refusals";
import { getCurrentYear } from "~models/academic-year.server";
import { createCreditApplication, listCreditApplications, newCreditApplicationId } from "~models/credit.server";
import { fullName, getEnrolment, getStudent, type Student, studentLeftReason } from "~models/student.server";
import { getSubject } from "~models/subject.server";
import { subjectsOfStudent } from "~/curriculum/student-subjects.server";
import type { PublicUser } from "~models/user.server";
import { putEvidence, removeEvidence } from "~storage/evidence-store.server";
import { inspectUpload, UploadRefused, type InspectedFile } from "~storage/inspect.server";
import { UPLOAD_LIMITS } from "~storage/limits";
import type { ApplicationInput } from "./forms";
import { creditViews } from "./view.server";

const ADULT_AGE = 18;
/** A student applies for themself only when of age (273-ФЗ: otherwise the legal representative does). */
export function mayApply(user: PublicUser, student: Pick<Student, "_id" | "birthDate" | "representativeIds">, today = new Date()) {
  if (user.roles.includes("parent")) return isRepresentative(user, student);
  if (!user.roles.includes("student")) return false;
  const adultFrom = new Date(student.birthDate);
  adultFrom.setUTCFullYear(adultFrom.getUTCFullYear() + ADULT_AGE);
  return String(user.studentId) === String(student._id) && adultFrom <= today;
}

async function inspectAll(files: UploadedFile[]) {
  if (files.length === 0) throw new RefusedByRule("Приложите хотя бы один подтверждающий документ", "files");
  if (files.length > UPLOAD_LIMITS.maxFiles) throw new RefusedByRule(`Не больше ${UPLOAD_LIMITS.maxFiles} файлов`, "files");
  const inspected: InspectedFile[] = [];
  for (const file of files) {
    try {
      inspected.push(await inspectUpload(file.bytes, file.originalName));
    } catch (error) {
      if (error instanceof UploadRefused) throw new RefusedByRule(error.message, "files");
      throw error;
    }
  }
  return inspected;
}

/** The family's application: checked whole, files written first, then the application in one insert (files removed if it fails). */
export async function applyForCredit(request: Request, user: PublicUser, studentId: string, input: ApplicationInput, files: UploadedFile[]) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student || !mayApply(user, student)) notFound();
  const left = await studentLeftReason({ schoolId, studentId: student._id });
  if (left) throw new RefusedByRule(left);
  const subject = await getSubject({ schoolId, subjectId: input.subjectId });
  if (!subject) throw new RefusedByRule("Выберите предмет из списка", "subjectId");
  if (!(await subjectsOfStudent({ schoolId, studentId: student._id })).some((s) => String(s._id) === String(subject._id))) {
    throw new RefusedByRule(`«${subject.name}» не изучается в классе обучающегося по учебному плану`, "subjectId");
  }
  const year = await getCurrentYear(schoolId);
  const enrolment = year ? await getEnrolment(schoolId, student._id, year._id) : null;
  if (!year || !enrolment) throw new RefusedByRule("Обучающийся не зачислен ни в один класс этого учебного года");
  const inspected = await inspectAll(files);
  const _id = newCreditApplicationId();
  const stored = await putEvidence({ schoolId, studentId: student._id, uploadedBy: user._id }, inspected, _id);
  try {
    await createCreditApplication({
      schoolId,
      application: {
        _id,
        studentId: student._id,
        classId: enrolment.classId,
        schoolYear: year.name,
        subjectId: subject._id,
        programme: input.programme,
        organisation: input.organisation,
        periodFrom: new Date(`${input.periodFrom}T00:00:00Z`),
        periodTo: new Date(`${input.periodTo}T00:00:00Z`),
        result: input.result,
        evidence: stored.map((e) => ({ fileId: e._id, name: e.name, type: e.type, size: e.size, sha256: e.sha256 })),
        appliedAt: new Date(),
        applicantId: user._id,
        applicantName: fullName(user),
      },
    });
  } catch (error) {
    await removeEvidence(stored);
    throw error;
  }
  await audit(request, user, { action: "create", entity: "credit", entityId: String(_id), studentId: student._id, summary: `заявление о зачёте: ${subject.name}, ${input.programme} (${input.organisation})` });
  await notify(schoolId, await administrationOf(schoolId), { kind: "credit-received", text: `Новое заявление о зачёте результатов (${student.firstName}): ${subject.name}`, link: `/credits/${_id}`, firstName: student.firstName });
  return _id;
}

/** A student's applications for their family (the caller has checked the student is theirs). */
export async function creditsOfStudent(user: PublicUser, studentId: Types.ObjectId) {
  const schoolId = schoolOf(user);
  return creditViews(schoolId, await listCreditApplications({ schoolId, studentId, limit: 200 }));
}

/** The admin's list: waiting first (oldest first), then the latest decided. */
export async function creditQueue(user: PublicUser) {
  const schoolId = schoolOf(user);
  const views = await creditViews(schoolId, await listCreditApplications({ schoolId, limit: 500 }));
  return { pending: views.filter((v) => v.state === "pending").reverse(), decided: views.filter((v) => v.state !== "pending") };
}
