import { TableBox } from "./table-box";

/** What is wrong with an uploaded table, row by row: nothing was written, the file is to be fixed. */
export function FileProblems({ problems, nothingDone }: { problems: { row: number; column: string; message: string }[]; nothingDone: string }) {
  return (
    <>
      <p className="alert">
        Найдено ошибок: {problems.length}. Исправьте файл и загрузите его снова; {nothingDone}.
      </p>
      <TableBox label="Ошибки в файле">
        <thead>
          <tr>
            <th className="num">Строка</th>
            <th>Столбец</th>
            <th>Ошибка</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="num">{p.row}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </TableBox>
    </>
  );
}
