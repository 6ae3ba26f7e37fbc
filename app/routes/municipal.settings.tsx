import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { MATHS_PROFILE, RUSSIAN } from "~models/vocabulary/assessment-kinds";
import { EGE_MINIMUM_DEFAULTS, EGE_MINIMUM_SOURCE } from "~/domain/exam-results";
import { DYNAMICS_MODES, type DynamicsRule } from "~/domain/indicators";
import { getDynamicsRule, threeYears } from "~/municipal/indicators.server";
import { getEgeMinimums, saveEgeMinimums } from "~models/assessment.server";
import { saveDynamicsRule } from "~models/municipal.server";
import { fullName } from "~models/student.server";
import { readForm } from "~/http/read-form.server";

export const access: RouteAccess = "read:municipal";
export const meta: MetaFunction = () => [{ title: "Правила мониторинга — Реестр достижений" }];

const SUBJECTS = [RUSSIAN, MATHS_PROFILE];
const yearsShown = () => {
  const [a, b, c] = threeYears();
  return [`${Number(c.slice(5))}/${Number(c.slice(5)) + 1}`, c, b, a];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "read:municipal");
  return { rule: await getDynamicsRule(), minimums: await getEgeMinimums(), years: yearsShown() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "read:municipal");
  const form = await readForm(request, context);
  if (form.get("intent") === "rule") {
    const mode = String(form.get("mode"));
    const tolerance = Number(String(form.get("tolerance") ?? "").replace(",", "."));
    if (!(mode in DYNAMICS_MODES)) return Response.json({ error: "Выберите правило из списка" }, { status: 400 });
    if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 20) return Response.json({ error: "Допуск — число от 0 до 20 процентных пунктов" }, { status: 400 });
    const rule: DynamicsRule = { mode: mode as DynamicsRule["mode"], tolerance };
    await saveDynamicsRule({ ...rule, byName: fullName(user) });
    await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: "rule", summary: "правило положительной динамики", after: rule });
    return { done: "Правило сохранено: показатель 17 считается по нему." };
  }
  const minimums: Record<string, Record<string, number>> = {};
  for (const year of yearsShown()) {
    for (const subject of SUBJECTS) {
      const text = String(form.get(`${year}|${subject}`) ?? "").trim();
      if (text === "") continue;
      const points = Number(text);
      if (!Number.isInteger(points) || points < 1 || points > 100) return Response.json({ error: `${year}, ${subject}: минимальный балл — целое число от 1 до 100` }, { status: 400 });
      (minimums[year] ??= {})[subject] = points;
    }
  }
  await saveEgeMinimums({ minimums, byName: fullName(user) });
  await audit(request, user, { schoolId: null, action: "update", entity: "municipal", entityId: "ege-minimums", summary: "минимальные баллы ЕГЭ", after: minimums });
  return { done: "Минимальные баллы сохранены." };
}

export default function MunicipalSettings() {
  const { rule, minimums, years } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string; done?: string }>();
  return (
    <>
      <p>
        <Link to="/municipal">← Показатели школ</Link>
      </p>
      <h1>Правила мониторинга</h1>
      {result?.done ? <p className="notice" role="status">{result.done}</p> : null}
      {result?.error ? <p className="error" role="alert">{result.error}</p> : null}
      <h2>Положительная динамика школы (показатель 17)</h2>
      <p className="muted">
        Год сравнивается с предыдущим по показателям 1–16, у которых есть данные в оба года. Показатель улучшился, если изменился в лучшую сторону (для долей «2» и
        ниже порога — вниз, для долей «5» и высоких баллов — вверх) больше чем на допуск, и ухудшился — если в худшую.
      </p>
      <Form method="post" className="stack" style={{ maxWidth: "40rem" }}>
        <input type="hidden" name="intent" value="rule" />
        {Object.entries(DYNAMICS_MODES).map(([mode, label]) => (
          <label key={mode}>
            <input type="radio" name="mode" value={mode} defaultChecked={rule.mode === mode} /> Положительная, если {label}
          </label>
        ))}
        <label>
          Допуск, процентных пунктов
          <input name="tolerance" defaultValue={rule.tolerance} inputMode="decimal" style={{ maxWidth: "6rem" }} />
        </label>
        <button type="submit">Сохранить правило</button>
      </Form>
      <h2>Минимальные баллы ЕГЭ по годам</h2>
      <p className="muted">
        Пустое поле — значение по умолчанию: {Object.entries(EGE_MINIMUM_DEFAULTS).map(([s, p]) => `${s} — ${p}`).join(", ")} ({EGE_MINIMUM_SOURCE}).
      </p>
      <Form method="post" className="stack" style={{ maxWidth: "40rem" }}>
        <input type="hidden" name="intent" value="minimums" />
        <table className="data">
          <thead>
            <tr>
              <th>Учебный год</th>
              {SUBJECTS.map((s) => (
                <th key={s}>{s}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y}>
                <td>{y}</td>
                {SUBJECTS.map((s) => (
                  <td key={s}>
                    <input name={`${y}|${s}`} defaultValue={minimums[y]?.[s] ?? ""} placeholder={String(EGE_MINIMUM_DEFAULTS[s])} inputMode="numeric" style={{ maxWidth: "5rem" }} aria-label={`${y}, ${s}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Сохранить баллы</button>
      </Form>
    </>
  );
}
