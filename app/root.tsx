import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { schoolTimeZone, setSchoolTimeZone } from "~/domain/format";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { navFor, type NavEntry } from "~/auth/permissions";
import { ROLE_LABELS } from "~models/vocabulary/roles";
import { getSessionUser } from "~/auth/session.server";
import { useNonce } from "~/components/nonce";
import { DemoBanner, RequestIdNote } from "~/components/server-facts";
import { takeNotice } from "~/http/notice.server";
import { headerOf } from "~/home/header.server";
import styles from "~/styles.css";
import { fullName } from "~models/student.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:," },
];
export const meta: MetaFunction = () => [{ title: "Реестр достижений обучающихся" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, { notice, headers }] = await Promise.all([getSessionUser(request), takeNotice(request)]);
  // getSessionUser has read the school's clock: the browser shows dates by the same zone.
  const timeZone = schoolTimeZone();
  if (!user) return data({ user: null, schoolName: null, nav: [] as NavEntry[], badges: {} as Record<string, number>, unread: 0, notice, timeZone }, { headers });
  const { schoolName, badges, unread } = await headerOf(user);
  return data(
    {
      user: { name: fullName(user), login: user.login, roles: user.roles.map((r) => ROLE_LABELS[r]) },
      schoolName,
      nav: user.mustChangePassword ? [] : navFor(user.roles),
      badges,
      unread,
      notice,
      timeZone,
    },
    { headers },
  );
}

/**
 * The header's counts (what waits, unread notifications) are asked for again on every move to
 * another page (app/home/header.server.ts keeps them 15 s); a page that polls itself (the
 * archive's progress) re-reads its own data, not the header's: the one-time notice the header
 * shows stays until the person goes elsewhere or sends a form.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentUrl, nextUrl }) => Boolean(formMethod) || currentUrl.href !== nextUrl.href;

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  if (data) setSchoolTimeZone(data.timeZone);
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <DemoBanner />
        <header className="site-header">
          <div className="site-header__inner">
            <Link to="/" className="brand">
              Реестр достижений
              {data?.schoolName ? <span className="brand__school">{data.schoolName}</span> : null}
            </Link>
            {data?.nav.length ? <SiteNav nav={data.nav} badges={data.badges} /> : null}
            <div className="site-user">
              {data?.user ? (
                <>
                  <Bell unread={data.unread} />
                  <span title={data.user.roles.join(", ")}>{data.user.name}</span>
                  <Link to="/password">Пароль</Link>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      Выйти
                    </button>
                  </Form>
                </>
              ) : (
                <Link to="/login">Вход</Link>
              )}
            </div>
          </div>
        </header>
        {data?.nav.length ? <GroupNav nav={data.nav} badges={data.badges} /> : null}
        <main className="page">
          {data?.notice ? (
            <p className="notice" role="status">
              {data.notice}
            </p>
          ) : null}
          {children}
        </main>
        <footer className="site-footer">Персональные данные обучающихся: доступ только уполномоченным лицам, каждый просмотр записывается.</footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

const within = (pathname: string, path: string) => pathname === path || pathname.startsWith(`${path}/`);
const currentEntry = (nav: NavEntry[], pathname: string) => nav.find((e) => e.paths.some((p) => within(pathname, p)));
const badgeOf = (entry: NavEntry, badges: Record<string, number>) => (entry.items.length ? entry.items : [entry]).reduce((sum, i) => sum + (badges[i.to] ?? 0), 0);

/** The bell: unread notifications (none shown on the notifications page itself, which marks them read). */
function Bell({ unread }: { unread: number }) {
  const shown = useLocation().pathname === "/notifications" ? 0 : unread;
  return (
    <Link to="/notifications" className="bell" aria-label={shown ? `Уведомления: ${shown} непрочитанных` : "Уведомления"}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {shown ? <span className="nav-badge">{shown}</span> : null}
    </Link>
  );
}

/** A count of what waits beside a page's name; a screen reader hears «ждут: 4». */
function Badge({ count }: { count: number }) {
  return count > 0 ? (
    <span className="nav-badge">
      <span className="visually-hidden">ждут: </span>
      {count}
    </span>
  ) : null;
}

/** The top entries: pages, and groups that open their first page; counts of what waits as badges. */
function SiteNav({ nav, badges }: { nav: NavEntry[]; badges: Record<string, number> }) {
  const current = currentEntry(nav, useLocation().pathname);
  return (
    <nav aria-label="Разделы" className="site-nav">
      {nav.map((entry) => (
        <Link key={entry.label} to={entry.to} prefetch="intent" className={entry === current ? "active" : undefined} aria-current={entry === current ? "page" : undefined}>
          {entry.label}
          <Badge count={badgeOf(entry, badges)} />
        </Link>
      ))}
    </nav>
  );
}

/** The pages of the current group, in a row under the header. */
function GroupNav({ nav, badges }: { nav: NavEntry[]; badges: Record<string, number> }) {
  const current = currentEntry(nav, useLocation().pathname);
  if (!current?.items.length) return null;
  return (
    <nav aria-label={current.label} className="group-nav">
      <div className="group-nav__inner">
        {current.items.map((item) => (
          <NavLink key={item.to} to={item.to} prefetch="intent">
            {item.label}
            <Badge count={badges[item.to] ?? 0} />
          </NavLink>
        ))}
      </div>
    </nav>
  );
}

export default function App() {
  return <Outlet />;
}

/** Errors in Russian; never a stack trace (it could show data or internals). */
export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Что-то пошло не так";
  let text = "Произошла внутренняя ошибка. Попробуйте ещё раз; если ошибка повторяется, сообщите администратору школы.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Страница не найдена";
      text = "Такой страницы нет или у вас нет к ней доступа.";
    } else if (error.status === 403) {
      title = "Доступ запрещён";
      text = typeof error.data === "string" ? error.data : "У вас нет прав на это действие.";
    } else if (error.status === 400) {
      title = "Неверный запрос";
      text = typeof error.data === "string" ? error.data : text;
    } else if (error.status === 405) {
      title = "Отправка формы не принимается";
      text = "Этот адрес не принимает отправку формы. Откройте страницу и воспользуйтесь её кнопками.";
    } else if (error.status === 413) {
      title = "Слишком большой файл";
      text = typeof error.data === "string" ? error.data : text;
    } else if (error.status === 415) {
      title = "Неверный запрос";
      text = typeof error.data === "string" ? error.data : "Форма отправлена в неизвестном формате: отправьте её со страницы ещё раз.";
    } else if (error.status === 429) {
      title = "Слишком много запросов";
      text = typeof error.data === "string" ? error.data : "Подождите немного и попробуйте снова.";
    }
  }
  const internal = !isRouteErrorResponse(error) || error.status >= 500;
  return (
    <section className="error-page">
      <h1>{title}</h1>
      <p>{text}</p>
      {internal ? <RequestIdNote /> : null}
      <p>
        <Link to="/">На главную</Link>
      </p>
    </section>
  );
}
