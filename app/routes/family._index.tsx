import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { EmptyState } from "~/components/empty-state";
import { ExtractStateBadge } from "~/components/extract-state";
import { PageHeader } from "~/components/page-header";
import { TrajectoryChart } from "~/components/trajectory-chart";
import { formatDate, pluralRu } from "~/domain/format";
import { familyHome } from "~/family/home.server";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction = () => [{ title: "Мои дети — Реестр достижений" }];

/** A parent's home: a card per child. A student goes straight to their own record. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  if (user.roles.includes("student")) {
    if (!user.studentId) return { children: [], student: true };
    throw redirect(`/family/${user.studentId}`);
  }
  return { children: await familyHome(request, user), student: false };
}

export default function Family() {
  const { children, student } = useLoaderData<typeof loader>();
  if (student) return <EmptyState title="Ваша учётная запись ещё не связана с личным делом.">Обратитесь к классному руководителю.</EmptyState>;
  return (
    <>
      <PageHeader title="Мои дети" />
      {children.length === 0 ? <EmptyState title="К вашей учётной записи не привязан ни один обучающийся.">Обратитесь к классному руководителю.</EmptyState> : null}
      <div className="child-cards">
        {children.map((c, i) => (
          <section key={c.id} className="card child-card" aria-labelledby={`child-${c.id}`}>
            <h2 id={`child-${c.id}`}>{c.name}</h2>
            <div className="toolbar">
              <Link className="button" to={`/family/${c.id}`} data-main-action={i === 0 ? true : undefined}>
                Портфолио
              </Link>
              <Link className="button secondary" to={`/family/${c.id}/proposals`}>
                Предложить достижение
              </Link>
              <Link className="button secondary" to={`/family/${c.id}/extracts`}>
                Выписки
              </Link>
            </div>
            <h3>Подтверждённые достижения: {c.verifiedCount}</h3>
            {c.latest.length ? (
              <ul className="compact-list">
                {c.latest.map((a) => (
                  <li key={a.id}>
                    <Link to={`/achievements/${a.id}`}>{a.title}</Link> <span className="muted">{formatDate(a.date)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Пока нет: достижения появятся после проверки классным руководителем.</p>
            )}
            {c.onReview || c.refused ? (
              <p>
                <Link to={`/family/${c.id}/proposals`}>
                  {c.onReview ? `На проверке: ${pluralRu(c.onReview, ["предложение", "предложения", "предложений"])}` : ""}
                  {c.onReview && c.refused ? "; " : ""}
                  {c.refused ? `отклонено: ${c.refused} — исправьте и отправьте снова` : ""}
                </Link>
              </p>
            ) : null}
            {c.extracts.length ? (
              <>
                <h3>Выписки</h3>
                <ul className="compact-list">
                  {c.extracts.map((e) => (
                    <li key={e.id}>
                      {formatDate(e.requestedAt)} <ExtractStateBadge state={e.state} label={e.stateLabel} />
                      {e.state === "approved" ? (
                        <>
                          {" "}
                          <a href={`/extracts/${e.id}.pdf`}>Скачать PDF</a>
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <h3>Успеваемость</h3>
            {c.marks.values.some((v) => v !== null) ? (
              <>
                <p>
                  Средний балл: <strong className={`direction-${c.marks.direction}`}>{c.marks.label}</strong>
                </p>
                <TrajectoryChart labels={c.marks.labels} values={c.marks.values} title={`Средний балл по периодам: ${c.marks.label}`} />
              </>
            ) : (
              <p className="muted">Итоговые отметки ещё не загружены.</p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}
