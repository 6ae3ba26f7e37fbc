import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { formatDate, formatLongDate } from "~/domain/format";
import { waitingFor } from "~/home/waiting.server";

export const access: RouteAccess = "read:classes";
export const meta: MetaFunction = () => [{ title: "Главная — Реестр достижений" }];

/** A member of staff's first page: what waits for them, each count a link to where it is done. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:classes");
  const now = new Date();
  return { name: [user.firstName, user.middleName].filter(Boolean).join(" "), today: now, ...(await waitingFor(user, now)) };
}

export default function Home() {
  const page = useLoaderData<typeof loader>();
  const waiting = page.counts.filter((c) => c.count > 0);
  return (
    <>
      <h1>Здравствуйте, {page.name}</h1>
      <p className="muted">{formatLongDate(page.today)}</p>
      <h2>Что ждёт вас</h2>
      {page.counts.length === 0 ? <p className="card">Для вашей роли здесь нет задач: классы и обучающиеся — в разделах выше.</p> : null}
      {page.counts.length && waiting.length === 0 ? <p className="notice">Всё сделано: ничего не ждёт вашего решения.</p> : null}
      <ul className="grid-cards waiting" aria-label="Что ждёт вас">
        {page.counts.map((c) => (
          <li key={c.label} className={c.count > 0 ? "card waiting__item waiting__item--due" : "card waiting__item"}>
            <Link to={c.to}>
              <span className="waiting__count">{c.count}</span>
              <span className="waiting__label">{c.label}</span>
            </Link>
            {c.note ? <span className="muted waiting__note">{c.note}</span> : null}
          </li>
        ))}
      </ul>

      {page.yearState ? (
        <p className={page.yearState.over ? "alert" : "card"}>
          Учебный год {page.yearState.name}{" "}
          {page.yearState.over ? (
            <>
              закончился {formatDate(page.yearState.endDate)}: <Link to="/admin/year">закройте год и переведите классы</Link>, затем сделайте архив.
            </>
          ) : (
            <>идёт до {formatDate(page.yearState.endDate)}.</>
          )}
        </p>
      ) : null}

      {page.classes.length ? (
        <>
          <h2>Мои классы</h2>
          <p className="toolbar">
            {page.classes.map((c) => (
              <Link key={c.id} className="button secondary" to={`/classes/${c.id}`}>
                {c.name}
              </Link>
            ))}
          </p>
        </>
      ) : null}

      {page.reviewsDue.length ? (
        <>
          <h2 id="reviews">Маршруты, которые пора пересмотреть</h2>
          <ul>
            {page.reviewsDue.map((r) => (
              <li key={r.studentId}>
                <Link to={`/students/${r.studentId}/support`}>{r.student}</Link> — пересмотр назначен на {formatDate(r.on)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {page.ownEntries.length ? (
        <>
          <h2 id="own">Мои записи, которые ждут меня</h2>
          <ul>
            {page.ownEntries.map((e) => (
              <li key={e.id}>
                <Link to={`/achievements/${e.id}`}>{e.title}</Link> — {e.student}
                {e.refused ? (
                  <>
                    {" "}
                    <span className="badge status-rejected">отклонено</span> <span className="muted">{e.reason}</span>
                  </>
                ) : (
                  <>
                    {" "}
                    <span className="badge">черновик</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
