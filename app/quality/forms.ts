// The school's report on its quality programme (seed 003, appendix 2): one zod schema for its
// form. No `.server`: the page uses it for its fields and the action for parsing.
import { z } from "zod";
import { QUALITY_PROGRAMME_LIMITS } from "~models/vocabulary/limits";

/** Rows of measures the form offers. */
export const PROGRAMME_ROWS = 12;

/** The columns of a measure; row `i`'s fields are `title<i>`, `planned<i>`… (no page names a field with brackets). */
export const MEASURE_COLUMNS = ["title", "planned", "done", "result"] as const;
export type MeasureColumn = (typeof MEASURE_COLUMNS)[number];
export const measureField = (column: MeasureColumn, row: number) => `${column}${row}`;

const text = (max: number) => z.string().trim().max(max, `Не длиннее ${max} символов`).optional();

const rowFields: Record<string, ReturnType<typeof text>> = Object.fromEntries(
  Array.from({ length: PROGRAMME_ROWS }, (_, i) => MEASURE_COLUMNS.map((column) => [measureField(column, i), text(QUALITY_PROGRAMME_LIMITS[column])])).flat(),
);

/** «Сохранить отчёт»: the programme and its rows; a row that is not empty names its measure. */
export const ProgrammeForm = z
  .object({ programme: text(QUALITY_PROGRAMME_LIMITS.programme) })
  .extend(rowFields)
  .superRefine((form, ctx) => {
    for (let i = 0; i < PROGRAMME_ROWS; i++) {
      const filled = MEASURE_COLUMNS.some((column) => form[measureField(column, i)]);
      if (filled && !form[measureField("title", i)]) ctx.addIssue({ code: "custom", path: [measureField("title", i)], message: `Строка ${i + 1}: укажите название мероприятия` });
    }
  });

/** The measures of a parsed form, in order, empty rows left out. */
export function measuresOf(form: Record<string, string | undefined>) {
  return Array.from({ length: PROGRAMME_ROWS }, (_, i) => {
    const cell = (column: MeasureColumn) => form[measureField(column, i)] ?? "";
    return { title: cell("title"), planned: cell("planned"), done: cell("done"), result: cell("result") };
  }).filter((m) => m.title);
}
