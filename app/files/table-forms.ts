// A table file (a journal export, a results or list file) on a form: the largest one a page takes
// and how the problems its check found (row, column, reason) travel in the form's reply and are
// drawn again as a table. Shared by every page that takes a table file.
import type { FileProblem } from "./table-file.server";

/** The largest journal export (or results file) a page takes; the page's hint says the same. */
export const TABLE_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const TABLE_FILE_MAX_TEXT = `${TABLE_FILE_MAX_BYTES / 1024 / 1024} МБ`;

/**
 * A file's problems (row, column, reason) go back with the form's reply as the reasons of one
 * key, a line each, and are drawn again as the table of FileProblems.
 */
export const FILE_PROBLEMS = "problems";
export const fileProblemErrors = (problems: readonly FileProblem[]) => ({ [FILE_PROBLEMS]: problems.map((p) => JSON.stringify([p.row, p.column, p.message])) });

export function fileProblemsOf(errors: Record<string, string[] | null | undefined> | undefined): FileProblem[] {
  return (errors?.[FILE_PROBLEMS] ?? []).flatMap((line) => {
    try {
      const [row, column, message] = JSON.parse(line) as [number, string, string];
      return [{ row, column, message }];
    } catch {
      return [{ row: 0, column: "", message: line }];
    }
  });
}
