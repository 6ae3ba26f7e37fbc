import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { creditQueue } from "~/credits/applications.server";
import type { CreditView } from "~/credits/view.server";
import { formatDate } from "~/domain/format";
import { TableBox } from "~/components/table-box";

export const access: RouteAccess = "decide:credits";
export const meta: MetaFunction = () => [{ title: "Зачёт результатов — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "decide:credits");
  return creditQueue(user);
}

function Applications({ items, label }: { items: CreditView[]; label: string }) {
  return (
    <TableBox label={label}>
      <thead>
        <tr>
          <th>Подано</th>
          <th>Обучающийся</th>
          <th>Предмет</th>
          <th>Что и где</th>
          <th>Состояние</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <td>{formatDate(c.appliedAt)}</td>
            <td>
              {c.studentName} <span className="muted">{c.className}</span>
            </td>
            <td>{c.subject}</td>
            <td>
              <Link to={`/credits/${c.id}`}>{c.programme}</Link>
              <div className="muted">{c.organisation}</div>
            </td>
            <td>{c.stateLabel}</td>
          </tr>
        ))}
      </tbody>
    </TableBox>
  );
}

export default function CreditQueue() {
  const { pending, decided } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Зачёт результатов из других организаций</h1>
      <p>
        <Link to="/admin/credit-rules">Правила зачёта школы</Link> — по ним реестр предлагает решение.
      </p>
      <h2>Ждут решения</h2>
      {pending.length ? <Applications items={pending} label="Заявления, ждущие решения" /> : <p className="card">Новых заявлений нет.</p>}
      <h2>Рассмотренные</h2>
      {decided.length ? <Applications items={decided} label="Рассмотренные заявления" /> : <p className="muted">Пока нет.</p>}
    </>
  );
}
