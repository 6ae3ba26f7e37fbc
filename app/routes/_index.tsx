import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { startPage, type RouteAccess } from "~/auth/permissions";
import { getSessionUser } from "~/auth/session.server";

export const access: RouteAccess = "public";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(user.mustChangePassword ? "/password" : startPage(user.roles));
  return null;
}

export default function Index() {
  return (
    <section className="card" style={{ maxWidth: "44rem" }}>
      <h1>Реестр индивидуальных достижений обучающихся</h1>
      <p>
        Учёт достижений и портфолио обучающихся школы: олимпиады, конкурсы, ГТО, волонтёрство, метапредметные
        результаты с подтверждающими документами; успеваемость и её динамика; выписки для семей.
      </p>
      <p>Доступ только для работников школы, родителей (законных представителей) и обучающихся по выданным логинам.</p>
      <p>
        <Link className="button" to="/login">
          Войти
        </Link>
      </p>
    </section>
  );
}
