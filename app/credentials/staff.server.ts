// A student's issued credentials for the school: what was issued, by whom, its state; those who
// verify the student's achievements may withdraw one (its status bit is set, every verifier sees it revoked).
import { includesId, notFound, reachableStudentIds, schoolOf, verifiableStudentIds } from "~/auth/access.server";
import { can } from "~/auth/permissions";
import { readIssuedCredentials } from "./issued.server";
import { fullName, getStudent } from "~models/student.server";
import type { PublicUser } from "~models/user.server";

export async function studentCredentials(request: Request, user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student) notFound();
  const [issued, verifiable] = await Promise.all([readIssuedCredentials(request, user, student), verifiableStudentIds(user)]);
  return {
    student: { id: String(student._id), name: fullName(student) },
    canWithdraw: can(user.roles, "verify:achievements") && includesId(verifiable, student._id),
    issued,
  };
}
