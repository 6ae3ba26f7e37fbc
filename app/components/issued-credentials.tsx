// The credentials issued for a student, as the family and the school list them: when, what, whether
// the child's name is in it, its state; the school's page adds who downloaded it and «Отозвать».
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Cell, TableBox } from "~/components/table-box";
import { formatDate, formatDateTime } from "~/domain/format";

export interface IssuedCredentialRow {
  code: string;
  kind: string;
  what: string;
  named: boolean;
  issuedAt: Date | string;
  issuedByName?: string;
  withdrawnAt?: Date | string | null;
  withdrawReason: string;
}

export function IssuedCredentials<Row extends IssuedCredentialRow>({ rows, withdraw }: { rows: Row[]; withdraw?: (row: Row) => ReactNode }) {
  return (
    <TableBox label="Выданные цифровые бейджи" stack>
      <thead>
        <tr>
          <th>Выдан</th>
          <th>Что</th>
          <th>Состояние</th>
          {withdraw ? <th>Отзыв</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.code}>
            <Cell label="Выдан">
              {formatDateTime(d.issuedAt)}
              <div className="muted">
                {d.issuedByName ? `${d.issuedByName} · ` : ""}код <Link to={`/verify/${d.code}`}>{d.code}</Link>
              </div>
            </Cell>
            <Cell label="Что">
              {d.what}
              <div className="muted">
                {d.kind} · имя ребёнка {d.named ? "указано" : "не указано"}
              </div>
            </Cell>
            <Cell label="Состояние">
              {d.withdrawnAt ? `отозван ${formatDate(d.withdrawnAt)}${d.withdrawReason ? `: ${d.withdrawReason}` : ""}` : "действует"}
            </Cell>
            {withdraw ? <Cell label="Отзыв">{d.withdrawnAt ? "—" : withdraw(d)}</Cell> : null}
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}
