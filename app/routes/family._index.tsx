import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import type { RouteAccess } from "~/auth/permissions";
import { fullName, listChildrenOf } from "~models/student.server";

export const access: RouteAccess = "read:family";
export const meta: MetaFunction = () => [{ title: "Портфолио — Реестр достижений" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:family");
  if (user.roles.includes("student")) {
    if (!user.studentId) return { children: [], student: true };
    throw redirect(`/family/${user.studentId}`);
  }
  const children = await listChildrenOf(schoolOf(user), user._id);
  return { children: children.map((c) => ({ id: String(c._id), name: fullName(c) })), student: false };
}

export default function Family() {
  const { children, student } = useLoaderData<typeof loader>();
  if (student) return <p className="card">Ваша учётная запись ещё не связана с личным делом. Обратитесь к классному руководителю.</p>;
  return (
    <>
      <h1>Мои дети</h1>
      {children.length === 0 ? (
        <p className="card">К вашей учётной записи не привязан ни один обучающийся. Обратитесь к классному руководителю.</p>
      ) : (
        <ul>
          {children.map((c) => (
            <li key={c.id}>
              <Link to={`/family/${c.id}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
