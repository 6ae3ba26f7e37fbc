// «Справка об обучении и успеваемости» (seed 004 §4.7): for a student who leaves or asks — the
// year's period marks, its current marks from the journal and the results of the interim
// certification (the year marks), subject by subject, signed for the director. Issued and recorded
// like the other documents (a code, its QR code, the verify page), by the administration.
import type { Types } from "mongoose";
import { formatDate, todayIso } from "~/domain/format";
import { markLabel } from "~/domain/marks";
import { periodsForGrade } from "~/domain/school-year";
import { NotFound, RefusedByRule } from "~/http/refusals";
import { getCurrentYear, listYearsByIds, type AcademicYear } from "~models/academic-year.server";
import { className, findClasses } from "~models/class.server";
import { activeResultSets, type ResultRow } from "~models/results.server";
import { getSchool, getSchoolLogo, type School } from "~models/school.server";
import { fullName, getStudent, listEnrolmentsOfStudents, type Student } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PublicUser } from "~models/user.server";
import type { PeriodMark } from "~models/vocabulary/marks";
import { issueDocument } from "./issue.server";
import { issuedSigning, letterhead, verificationEnd, type IssueFacts } from "./letterhead.server";
import { MM, PdfWriter } from "./pdf-kit.server";

interface RecordData {
  school: School;
  student: Student;
  year: AcademicYear;
  /** «5А (до 12.01.2027), 5Б»: the classes of the year. */
  classes: string;
  periods: { key: string; label: string }[];
  subjects: { name: string; marks: string[]; current: string; year: string }[];
  absences: { lessons: string[]; unexcused: string[] };
}

/** The year the справка is about: the current one, or for a student who left, the last they were enrolled in. */
async function recordData(schoolId: Types.ObjectId, studentId: string): Promise<RecordData> {
  const [school, student] = await Promise.all([getSchool(schoolId), getStudent(schoolId, studentId, null)]);
  if (!school || !student) throw new NotFound("Нет такого обучающегося");
  const enrolments = await listEnrolmentsOfStudents({ schoolId, studentIds: [student._id] });
  const years = await listYearsByIds({ schoolId, yearIds: enrolments.map((e) => e.yearId), order: "newestFirst" });
  const current = await getCurrentYear(schoolId);
  const year = years.find((y) => String(y._id) === String(current?._id)) ?? years[0];
  if (!year) throw new RefusedByRule("Обучающийся не записан ни в один класс: справку выдать не из чего");
  const ofYear = enrolments.filter((e) => String(e.yearId) === String(year._id)).sort((a, b) => (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0));
  const classes = await findClasses({ schoolId, classIds: ofYear.map((e) => e.classId) });
  const last = classes.find((c) => String(c._id) === String(ofYear.at(-1)!.classId))!;
  const periods = periodsForGrade(year, last.grade).periods.map((p) => ({ key: String(p.number), label: p.name }));
  const keys = ofYear.flatMap((e) => [...periods.flatMap((p) => [p.key, `${p.key}:current`]), "year"].map((period) => ({ classId: e.classId, period })));
  const sets = await activeResultSets(schoolId, keys, student._id);
  // The student's row of a period, from whichever of the year's classes holds it.
  const rowOf = (period: string): ResultRow | null => {
    for (const e of ofYear) {
      const row = sets.get(`${e.classId}:${period}`)?.rows?.find((r) => String(r.studentId) === String(student._id));
      if (row) return row;
    }
    return null;
  };
  const subjects = await listSubjects(schoolId);
  const markIn = (row: ResultRow | null, subjectId: unknown) => {
    const mark = row?.marks.find((m) => String(m.subjectId) === String(subjectId))?.mark as PeriodMark | undefined;
    return mark === undefined ? "" : markLabel(mark);
  };
  const rows = new Map(periods.map((p) => [p.key, rowOf(p.key)]));
  const yearRow = rowOf("year");
  const currentRows = periods.map((p) => rowOf(`${p.key}:current`));
  const subjectLines = subjects
    .map((s) => ({
      name: s.name,
      marks: periods.map((p) => markIn(rows.get(p.key) ?? null, s._id)),
      current: currentRows.flatMap((r) => (r?.current ?? []).filter((c) => String(c.subjectId) === String(s._id)).map((c) => String(c.mark))).join(" "),
      year: markIn(yearRow, s._id),
    }))
    .filter((line) => line.marks.some(Boolean) || line.current || line.year);
  const classNames = ofYear.map((e) => {
    const c = classes.find((x) => String(x._id) === String(e.classId));
    const name = c ? className(c) : "";
    return e.until && ofYear.length > 1 ? `${name} (до ${formatDate(e.until)})` : name;
  });
  return {
    school,
    student,
    year,
    classes: classNames.join(", "),
    periods,
    subjects: subjectLines,
    absences: {
      lessons: periods.map((p) => String(rows.get(p.key)?.absences ?? "")),
      unexcused: periods.map((p) => String(rows.get(p.key)?.unexcused ?? "")),
    },
  };
}

async function renderRecord(data: RecordData, facts: IssueFacts) {
  const { school, student, year } = data;
  const name = fullName(student);
  const title = "Справка об обучении и успеваемости";
  const pdf = await PdfWriter.create({ title: `${title}: ${name}`, subject: title, author: school.name });
  await letterhead(pdf, { ...school, logo: await getSchoolLogo({ schoolId: school._id }) }, 14);
  pdf.heading("СПРАВКА", 1);
  pdf.text("об обучении и текущей успеваемости (выписка из классного журнала)", { size: 10, muted: true, after: 8 });
  const left = student.leftAt ? ` Выбыл(а) ${formatDate(student.leftAt)}${student.leftTo ? ` (${student.leftTo})` : ""}.` : "";
  pdf.text(
    `Выдана ${name}, ${formatDate(student.birthDate)} г. р., в том, что ${student.gender === "f" ? "она" : "он"} ${student.leftAt ? (student.gender === "f" ? "обучалась" : "обучался") : "обучается"} в ${school.name} в ${data.classes} классе в ${year.name} учебном году.${left}`,
    { size: 10.5, after: 8 },
  );
  if (data.subjects.length) {
    pdf.table(
      [
        { header: "Предмет", width: 4 },
        ...data.periods.map((p) => ({ header: p.label, width: 1.6, align: "center" as const })),
        { header: "Текущие отметки", width: 4 },
        { header: "Промежуточная аттестация (год)", width: 2, align: "center" as const },
      ],
      data.subjects.map((s) => [s.name, ...s.marks.map((m) => m || "—"), s.current || "—", s.year || "—"]),
      { size: 8.5 },
    );
    if (data.absences.lessons.some(Boolean)) {
      pdf.text(`Пропущено уроков по периодам: ${data.periods.map((p, i) => `${p.label} — ${data.absences.lessons[i] || "—"}${data.absences.unexcused[i] ? ` (без уважительной причины ${data.absences.unexcused[i]})` : ""}`).join("; ")}.`, { size: 8.5, after: 6 });
    }
  } else {
    pdf.text(`Отметки за ${year.name} учебный год в реестр ещё не загружены.`, { size: 10, after: 6 });
  }
  pdf.space(14);
  // The signature block: the director signs and the seal is put on the paper copy.
  const director = school.director || "";
  const initials = director.split(/\s+/).filter(Boolean);
  const signedAs = initials.length >= 2 ? `${initials.slice(1).map((n) => `${n[0]}.`).join(" ")} ${initials[0]}` : director;
  pdf.text(`${school.directorTitle || "Директор"}  ____________________  ${signedAs}`, { size: 10.5, after: 4 });
  pdf.text("М. П.", { size: 10, indent: 20 * MM, after: 10 });
  verificationEnd(pdf, school, facts);
  return pdf.finish(`${name} · справка об обучении и успеваемости · код ${facts.code}`, issuedSigning(facts));
}

/** Issues the справка: recorded with its code like every document, its bytes kept for the verify page's checksum. */
export async function issueAcademicRecord({ schoolId, studentId, issuer, origin }: { schoolId: Types.ObjectId; studentId: string; issuer: PublicUser; origin: string }) {
  const data = await recordData(schoolId, studentId);
  // The school's date (its time zone), as the справка's own text has it.
  const fileName = `Справка об обучении ${fullName(data.student)} ${formatDate(todayIso())}.pdf`;
  const issued = await issueDocument(
    { schoolId, studentId: data.student._id, kind: "academicRecord", schoolYear: data.year.name, issuer, origin, fileName, keep: true },
    (facts) => renderRecord(data, facts),
  );
  return { ...issued, fileName, studentName: fullName(data.student) };
}
