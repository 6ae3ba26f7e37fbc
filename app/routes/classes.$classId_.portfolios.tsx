import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ledClass, requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { isJobId, jobProgress, type JobProgress } from "~/documents/class-portfolios.server";
import { pluralRu } from "~/domain/format";
import { className } from "~models/class.server";
import { listStudentsOfClasses } from "~models/student.server";

export const access: RouteAccess = "export:portfolios";
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Портфолио класса ${data && "name" in data ? data.name : ""} — Реестр достижений` }];

/** The page, or (with ?job=) the progress of a ZIP being made, for the page to poll. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "export:portfolios");
  const schoolClass = await ledClass(user, params.classId ?? "");
  const schoolId = schoolOf(user);
  const job = new URL(request.url).searchParams.get("job");
  if (isJobId(job)) return { progress: jobProgress(user, job) };
  const students = await listStudentsOfClasses(schoolId, [schoolClass._id]);
  return { id: String(schoolClass._id), name: className(schoolClass), students: students.length };
}

export default function ClassPortfolios() {
  const data = useLoaderData<typeof loader>() as { id: string; name: string; students: number };
  const progress = useFetcher<{ progress: JobProgress | null }>();
  const [job, setJob] = useState<string | null>(null);
  const current = progress.data?.progress ?? null;

  // Polls while the archive is being made; the download itself is the browser's own.
  useEffect(() => {
    if (!job || current?.finished) return;
    const timer = setTimeout(() => progress.load(`/classes/${data.id}/portfolios?job=${job}`), 600);
    return () => clearTimeout(timer);
  }, [job, current, progress, data.id]);

  const href = `/classes/${data.id}/portfolios.zip`;
  function start(event: React.MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    const id = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setJob(id);
    const link = document.createElement("a");
    link.href = `${href}?job=${id}`;
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
  }

  return (
    <>
      <p>
        <Link to={`/classes/${data.id}`}>← {data.name} класс</Link>
      </p>
      <h1>Портфолио {data.name} класса</h1>
      <div className="card">
        <p style={{ marginTop: 0 }}>
          Один ZIP-архив: портфолио каждого обучающегося в PDF (только подтверждённые достижения, с кодом проверки) и файл «отчёт.txt» с перечнем. В классе {pluralRu(data.students, ["обучающийся", "обучающихся", "обучающихся"])}.
        </p>
        <a className="button" href={href} onClick={start}>
          Скачать портфолио класса (ZIP)
        </a>
        {job ? (
          <div role="status" style={{ marginTop: "1rem" }}>
            <progress max={current?.total || data.students || 1} value={current ? current.done + current.failed : 0} style={{ width: "100%" }} />
            <p>
              {!current
                ? "Начинаю…"
                : current.finished
                  ? `Готово: ${current.done} из ${current.total}${current.failed ? `; не сформировано: ${current.failed} (см. отчёт в архиве)` : ""}.`
                  : `Сформировано ${current.done + current.failed} из ${current.total}…`}
            </p>
          </div>
        ) : null}
      </div>
    </>
  );
}
