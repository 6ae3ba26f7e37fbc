import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { EmptyState } from "~/components/empty-state";
import { PageHeader } from "~/components/page-header";
import { IssuedCredentials } from "~/components/issued-credentials";
import { familyCredentials } from "~/credentials/family.server";
import { formatDate } from "~/domain/format";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Цифровые бейджи: ${data?.student.name ?? ""} — Реестр достижений` }];

/** A child's verified achievements as digital credentials (Open Badges 3.0, CLR 2.0), for the family and the student. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  return familyCredentials(request, user, params.studentId ?? "");
}

/** «Указать имя» and the two formats: the download's own small form (GET), one per achievement. */
function DownloadButtons({ action, label, main, children }: { action: string; label: string; main?: boolean; children?: React.ReactNode }) {
  return (
    <form method="get" action={action} className="stack" aria-label={label}>
      {children}
      <label className="check">
        <input type="checkbox" name="name" value="on" /> Указать имя ребёнка
      </label>
      <div className="toolbar">
        <button type="submit" name="format" value="json" data-main-action={main || undefined}>
          Скачать (JSON)
        </button>
        <button type="submit" name="format" value="jwt" className="secondary">
          Для кошелька (JWT)
        </button>
      </div>
    </form>
  );
}

export default function FamilyBadges() {
  const { student, achievements, years, issued } = useLoaderData<typeof loader>();
  const base = `/family/${student.id}`;
  return (
    <>
      <PageHeader title="Цифровые бейджи" back={{ to: base, label: student.name }} />
      <p>
        Каждое подтверждённое школой достижение можно скачать как цифровой бейдж — документ международного стандарта Open Badges 3.0, подписанный цифровой
        подписью школы. Его принимают цифровые кошельки и платформы (например, при поступлении или в портфолио на других сайтах), и любой может проверить его
        без обращения в школу — на странице <Link to="/verify/credential">проверки бейджа</Link>.
      </p>
      <p className="muted">
        Имени ребёнка в бейдже нет, пока вы не отметите «Указать имя»: без него бейдж связан с ребёнком только обезличенным (хешированным) идентификатором. Скан
        диплома остаётся в школе. Если школа отзовёт подтверждение, бейдж станет недействительным.
      </p>
      <h2>Всё портфолио (CLR 2.0)</h2>
      {years.length === 0 ? (
        <EmptyState title="Подтверждённых достижений пока нет.">Когда школа подтвердит достижения по документам, их можно будет скачать здесь.</EmptyState>
      ) : (
        <div className="card">
          <DownloadButtons action={`${base}/clr.json`} label="Скачать портфолио CLR" main>
            <fieldset>
              <legend>Учебные годы (если ни один не отмечен — все)</legend>
              <div className="checks">
                {years.map((y) => (
                  <label key={y}>
                    <input type="checkbox" name="year" value={y} /> {y}
                  </label>
                ))}
              </div>
            </fieldset>
          </DownloadButtons>
        </div>
      )}
      {achievements.length ? (
        <>
          <h2>Достижения</h2>
          <ul className="cards">
            {achievements.map((a) => (
              <li key={a.id} className="card">
                <p>
                  <strong>{a.title}</strong>
                  <br />
                  <span className="muted">
                    {formatDate(a.date)} · {a.academicYear} учебный год
                  </span>
                </p>
                <DownloadButtons action={`${base}/badges/${a.id}.json`} label={`Скачать бейдж: ${a.title}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Выданные бейджи</h2>
      {issued.length === 0 ? <EmptyState title="Бейджей ещё не скачивали." /> : <IssuedCredentials rows={issued} />}
    </>
  );
}
