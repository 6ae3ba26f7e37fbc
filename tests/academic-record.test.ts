// «Справка об обучении и успеваемости» (seed 004 §4.7): the year's period marks, current marks and
// interim certification of a student, issued by the administration and recorded like every document.
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { getCurrentYear } from "~models/academic-year.server";
import { IssuedDocumentModel } from "~models/document.server";
import { insertResultSet, switchResultSets, type ResultRow } from "~models/results.server";
import { fullName, StudentModel } from "~models/student.server";
import { listSubjects } from "~models/subject.server";
import type { PeriodMark } from "~models/vocabulary/marks";
import { demoIds } from "./demo-ids";
import { pdfText } from "./pdf";
import { get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

const demo = useDemoServer("record");
let ids: Awaited<ReturnType<typeof demoIds>>;
beforeAll(async () => {
  ids = await demoIds();
});

describe("the справка об обучении и успеваемости", () => {
  it("shows the year's marks by period, the current marks and the year, with the signature block and a code the verify page knows", async () => {
    const year = (await getCurrentYear(ids.schoolId))!;
    const classId = new mongoose.Types.ObjectId(ids.class5a);
    const studentId = new mongoose.Types.ObjectId(ids.childA);
    const subjects = await listSubjects(year.schoolId);
    const maths = subjects.find((s) => s.name === "Математика")!;
    const russian = subjects.find((s) => s.name === "Русский язык")!;
    const write = async (period: string, row: Partial<ResultRow>) => {
      const { setId } = await insertResultSet({
        schoolId: year.schoolId, classId, yearId: year._id, period,
        rows: [{ studentId, marks: [], lessons: null, absences: null, unexcused: null, ...row }],
        record: { fileName: "журнал.xlsx", sha256: "-", by: new mongoose.Types.ObjectId(), byName: "Учитель", state: "applied" },
      });
      await switchResultSets(year.schoolId, [{ classId, period, setId }]);
    };
    await write("1", { marks: [{ subjectId: maths._id, mark: 5 as PeriodMark }, { subjectId: russian._id, mark: 4 as PeriodMark }], lessons: 120, absences: 6, unexcused: 2 });
    await write("1:current", { current: [3, 5, 4].map((mark, i) => ({ subjectId: maths._id, date: new Date(year.startDate.getTime() + (i + 3) * 86400_000), mark })) });

    const admin = await signInHttp(demo.server.url, "admin");
    const teacher = await signInHttp(demo.server.url, "klass5a");
    expect((await post(demo.server.url, `/students/${ids.childA}/record.pdf`, { intent: "issue" }, teacher)).status).toBe(404);

    const issued = await post(demo.server.url, `/students/${ids.childA}/record.pdf`, { intent: "issue" }, admin);
    expect(issued.status).toBe(200);
    expect(issued.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(new Uint8Array(await issued.arrayBuffer()));
    const student = (await StudentModel.findById(studentId).lean<{ lastName: string; firstName: string; middleName: string }>())!;
    expect(text).toContain("СПРАВКА");
    expect(text).toContain(`Выдана ${fullName(student)}`);
    expect(text).toContain(`в 5А классе в ${year.name} учебном году`);
    expect(text).toMatch(/Математика 5 — .*3 5 4/);
    expect(text).toMatch(/Русский язык 4 —/);
    expect(text).toContain("(без уважительной причины 2)");
    expect(text).toContain("М. П.");

    const document = (await IssuedDocumentModel.findOne({ studentId, kind: "academicRecord" }).lean<{ code: string; schoolYear: string }>())!;
    expect(document.schoolYear).toBe(year.name);
    expect(text).toContain(document.code);
    expect(pageText(await (await get(demo.server.url, `/verify/${document.code}`)).text())).toContain("справка об обучении и успеваемости");
  });

  it("for a student who left, says so and where to", async () => {
    const admin = await signInHttp(demo.server.url, "admin");
    const student9b = ids.student9b;
    const departed = await post(demo.server.url, `/students/${student9b}`, { intent: "depart", on: (await getCurrentYear(ids.schoolId))!.startDate.toISOString().slice(0, 10), to: "МБОУ «Лицей № 2», г. Томск" }, admin);
    expect(departed.status).toBe(302);
    const issued = await post(demo.server.url, `/students/${student9b}/record.pdf`, { intent: "issue" }, admin);
    const text = pdfText(new Uint8Array(await issued.arrayBuffer()));
    expect(text).toMatch(/обучал(ся|ась) в .* в 9Б классе/);
    expect(text).toContain("(МБОУ «Лицей № 2», г. Томск)");
    expect(await IssuedDocumentModel.countDocuments({ studentId: new mongoose.Types.ObjectId(student9b), kind: "academicRecord" })).toBe(1);

    // Their personal file is read-only: no support measures, no register records.
    const support = await post(demo.server.url, `/students/${student9b}/support`, { intent: "reason", manualReason: "после выбытия" }, admin);
    expect(support.status).toBe(400);
    expect(pageText(await support.text())).toContain("личное дело только для чтения");
    const year = (await getCurrentYear(ids.schoolId))!;
    const gifted = await post(demo.server.url, `/students/${student9b}/gifted`, { intent: "include", schoolYear: year.name, includedOn: year.startDate.toISOString().slice(0, 10), reference: "выписка из ГИР № 1" }, admin);
    expect(gifted.status).toBe(400);
    expect(pageText(await gifted.text())).toContain("личное дело только для чтения");
  });
});
