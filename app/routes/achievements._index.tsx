import { parseWithZod } from "@conform-to/zod/v4";
import { FilterSelect, optionsOf } from "~/components/filter-select";
import { TableBox } from "~/components/table-box";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { ConfirmManyForm, QUEUE_SORTS } from "~/achievements/forms";
import { confirmMany, queueFilters, reviewQueue } from "~/achievements/queue.server";
import { requireUserWithPermission } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { formatDate, pluralRu } from "~/domain/format";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "verify:achievements";
export const meta: MetaFunction = () => [{ title: "На проверке — Реестр достижений" }];

/** What waits for this person's verification: their class's (the admin: the school's) submitted achievements. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "verify:achievements");
  const filters = queueFilters(new URL(request.url));
  return { ...(await reviewQueue(user, filters)), filters };
}

const achievements = (n: number) => pluralRu(n, ["достижение", "достижения", "достижений"]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "verify:achievements");
  const submission = parseWithZod(await readForm(request, context), { schema: ConfirmManyForm });
  if (submission.status !== "success")
    return data(
      {
        errors: Object.values(submission.error ?? {})
          .flat()
          .filter(Boolean) as string[],
        refused: [],
      },
      { status: 400 }
    );
  const { confirmed, refused } = await confirmMany(request, user, submission.value.entry);
  // Back to the same filters (an index route's form adds `?index` to the address).
  const back = new URL(request.url).searchParams;
  back.delete("index");
  if (refused.length === 0) return redirectWithNotice(`/achievements${back.size ? `?${back}` : ""}`, `Подтверждено ${achievements(confirmed)}.`);
  return data({ errors: [`Подтверждено ${achievements(confirmed)}; не подтверждено ${refused.length}:`], refused }, { status: confirmed ? 200 : 409 });
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** The chosen entry's document beside the list: an image as it is, a PDF by its link. */
function Preview({ item }: { item: Item | undefined }) {
  if (!item) return <p className="muted">Нажмите «Документ» в строке, чтобы увидеть его здесь.</p>;
  return (
    <>
      <h2 style={{ marginTop: 0 }}>{item.title}</h2>
      <p className="muted">
        {item.student}, {item.className} · {item.kind} · {formatDate(item.date)}
      </p>
      {!item.preview ? (
        <p>Документ не прикреплён.</p>
      ) : item.preview.pdf ? (
        <p>
          <a href={`/files/${item.preview.id}`}>Открыть PDF «{item.preview.name}»</a>
        </p>
      ) : (
        <a href={`/files/${item.preview.id}`}>
          <img className="review-preview__image" src={`/files/${item.preview.id}`} alt={`Документ: ${item.preview.name}`} />
        </a>
      )}
      {item.files > 1 ? <p className="muted">И ещё {item.files - 1} — на странице достижения.</p> : null}
      <p>
        <Link to={`/achievements/${item.id}`}>Открыть достижение</Link>
      </p>
    </>
  );
}

export default function VerificationQueue() {
  const { items, total, classNames, kinds, filters } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [previewId, setPreviewId] = useState<string | null>(items[0]?.id ?? null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const confirmable = items.filter((i) => i.confirmable);
  const toggle = (id: string, on: boolean) => setChosen((was) => (on ? new Set(was).add(id) : new Set([...was].filter((x) => x !== id))));
  return (
    <>
      <h1>Достижения на проверке</h1>
      {total === 0 ? <p className="card">Нет достижений, ожидающих проверки.</p> : null}
      {total ? (
        <Form method="get" className="toolbar" aria-label="Отбор">
          <FilterSelect label="Класс" name="class" value={filters.className} options={classNames.map((c) => ({ value: c, label: c }))} />
          <FilterSelect label="Вид" name="kind" value={filters.kind} options={kinds.map((k) => ({ value: k.code, label: k.label }))} />
          <FilterSelect label="Кто внёс" name="origin" value={filters.origin} options={[{ value: "family", label: "предложено семьёй" }]} />
          <FilterSelect label="Порядок" name="sort" value={filters.sort} options={optionsOf(QUEUE_SORTS)} any={null} />
          <button type="submit" className="secondary">
            Показать
          </button>
          <span className="muted">{items.length === total ? `Всего ${achievements(total)}` : `Показано ${items.length} из ${total}`}</span>
        </Form>
      ) : null}
      {total > 0 && items.length === 0 ? <p className="card">По этому отбору ничего не ждёт проверки: выберите другой класс или вид.</p> : null}
      {answer?.errors.length ? (
        <div className="alert" role="alert">
          {answer.errors.map((e) => (
            <p key={e} style={{ margin: 0 }}>
              {e}
            </p>
          ))}
          {answer.refused.length ? (
            <ul>
              {answer.refused.map((r, i) => (
                <li key={i}>
                  {r.title}: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {items.length ? (
        <div className="review-layout">
          <Form method="post" id="confirm-many">
            <input type="hidden" name="intent" value="verify-many" />
            <div className="toolbar">
              <button type="submit" disabled={busy}>
                Подтвердить выбранные{chosen.size ? ` (${chosen.size})` : ""}
              </button>
              <span className="muted">Каждое подтверждение записывается в журнал отдельно.</span>
            </div>
            <TableBox label="Достижения на проверке">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Выбрать все, которые можно подтвердить"
                      checked={confirmable.length > 0 && confirmable.every((i) => chosen.has(i.id))}
                      onChange={(e) => setChosen(e.currentTarget.checked ? new Set(confirmable.map((i) => i.id)) : new Set())}
                    />
                  </th>
                  <th>Обучающийся</th>
                  <th>Класс</th>
                  <th>Достижение</th>
                  <th>Дата</th>
                  <th>Документ</th>
                  <th>Внёс(ла)</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} className={a.id === previewId ? "selected" : undefined}>
                    <td>
                      {a.confirmable ? (
                        <input
                          type="checkbox"
                          name="entry"
                          value={`${a.id}|${a.seen}`}
                          aria-label={`Выбрать: ${a.student}, ${a.title}`}
                          checked={chosen.has(a.id)}
                          onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                        />
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/students/${a.studentId}`}>{a.student}</Link>
                    </td>
                    <td>{a.className}</td>
                    <td>
                      <Link to={`/achievements/${a.id}`}>{a.title}</Link>
                      <div className="muted">
                        {a.kind}
                        {a.correction ? " · исправление" : ""}
                      </div>
                      {a.family ? <span className="badge status-submitted">предложено семьёй</span> : null}
                    </td>
                    <td>{formatDate(a.date)}</td>
                    <td>
                      {a.files ? (
                        <button type="button" className="link-button" onClick={() => setPreviewId(a.id)} aria-pressed={a.id === previewId}>
                          Документ{a.files > 1 ? ` (${a.files})` : ""}
                        </button>
                      ) : (
                        <span className="muted">нет</span>
                      )}
                    </td>
                    <td>
                      {a.by}
                      {a.own ? <div className="muted">внесли вы — подтверждает другой</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableBox>
          </Form>
          <aside className="card review-preview" aria-label="Документ">
            <Preview item={items.find((i) => i.id === previewId)} />
          </aside>
        </div>
      ) : null}
    </>
  );
}
