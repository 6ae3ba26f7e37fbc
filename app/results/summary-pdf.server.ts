// The class summary as a PDF on landscape A4: the page's table (marks, absences, the measures per
// subject) and the class's measures, from the same classSummary; a period mark backed by too few
// current marks carries «*», as the page outlines it.
import { PdfWriter, type Signing } from "~/documents/pdf-kit.server";
import { formatDateTime } from "~/domain/format";
import { markLabel } from "~/domain/marks";
import { formatMeasure, formatPlan, type SubjectMeasures } from "~/domain/measures";
import { periodMarkJustified } from "~/domain/risk";
import type { ClassSummary } from "./summary.server";

/** `at`: the moment the footer names (the archive passes the year's closing, so its copy is the same each time). */
export async function summaryPdf(summary: ClassSummary, title: string, schoolName: string, at?: Date, signing?: Signing): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PdfWriter.create({ title, subject: title, author: schoolName, landscape: true, at });
  pdf.text(schoolName, { size: 9, muted: true });
  pdf.heading(title, 2);
  pdf.text(
    `Загружено: ${formatDateTime(summary.loadedAt)}. ${
      summary.currentLoaded ? `* — итоговая отметка подкреплена меньше чем ${summary.minCurrent} текущими отметками.` : "Текущие отметки за период не загружены: обоснованность итоговых не проверена."
    }`,
    { size: 8, muted: true, after: summary.students.some((st) => st.credited.some(Boolean)) ? 0 : 6 },
  );
  if (summary.students.some((st) => st.credited.some(Boolean))) pdf.text("«з» — результат зачтён по решению школы (результаты других организаций).", { size: 8, muted: true, after: 6 });
  const measureRows: [string, (m: SubjectMeasures) => string][] = [
    ["Средний балл", (m) => formatMeasure(m.average, 2)],
    ["Успеваемость, %", (m) => formatMeasure(m.successRate)],
    ["Качество знаний, %", (m) => formatMeasure(m.quality)],
    ["СОУ, %", (m) => formatMeasure(m.sou)],
  ];
  const rows = [
    ...summary.students.map((st, n) => [
      `${n + 1}. ${st.name}`,
      ...st.marks.map((m, i) => {
        const backing = st.backing[i];
        if (m === null) return "";
        if (st.credited[i]) return `${markLabel(m)}з`;
        return `${markLabel(m)}${backing !== null && !periodMarkJustified(backing, summary.minCurrent) ? "*" : ""}`;
      }),
      st.absences === null ? "" : `${st.absences}${st.unexcused !== null ? ` (${st.unexcused})` : ""}`,
    ]),
    ...measureRows.map(([label, value]) => [label, ...summary.subjects.map((s) => value(s.measures)), ""]),
    ...(summary.subjects.some((s) => s.plan) ? [["Проведено уроков из запланированных", ...summary.subjects.map((s) => formatPlan(s.plan)), ""]] : []),
  ];
  pdf.table(
    [
      { header: "Обучающийся", width: 6 },
      ...summary.subjects.map((s) => ({ header: s.name, width: 1, align: "center" as const, vertical: true })),
      { header: "Пропущено (без уваж.)", width: 1.8, align: "center" as const, vertical: true },
    ],
    rows,
    { size: summary.subjects.length > 16 ? 6.5 : 7.5, emphasis: (i) => i >= summary.students.length },
  );
  if (summary.specialConditions.length) {
    pdf.heading("Особые условия аттестации (ГИР)", 3);
    for (const c of summary.specialConditions) pdf.text(`${c.student}: ${c.subjects.join(", ")} — ${c.conditions} (${c.order})`, { size: 8.5 });
  }
  pdf.heading("По классу", 3);
  pdf.facts([
    ["Обучающихся с отметками", String(summary.measures.n)],
    ["Успеваемость", `${formatMeasure(summary.measures.successRate)} % (без «2», «н/а» и «незач» по всем предметам)`],
    ["Качество знаний", `${formatMeasure(summary.measures.quality)} % (только «4» и «5»)`],
    ["Средний балл", formatMeasure(summary.measures.average, 2)],
  ]);
  return pdf.finish(`${title} · сформировано ${formatDateTime(at ?? new Date())}`, signing);
}
