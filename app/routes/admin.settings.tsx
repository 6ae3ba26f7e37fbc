import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SigningCertificateSchema, StaffIdleSchema, THRESHOLD_KEYS, ThresholdsSchema, TimeZoneSchema, VerificationRuleSchema } from "~/admin/forms";
import { formatDate, formatDateTime, schoolTimeZone } from "~/domain/format";
import { schoolCertificates, uploadSchoolCertificate } from "~/signature/school-certificate.server";
import { replyRefused } from "~/http/refusal-reply.server";
import { TableBox } from "~/components/table-box";
import { saveSchoolTimeZone } from "~/school-clock.server";
import { TIME_ZONES } from "~models/vocabulary/time-zones";
import { requireUserWithPermission, schoolOf } from "~/auth/access.server";
import { audit } from "~/auth/audit.server";
import type { RouteAccess } from "~/auth/permissions";
import { Field, FormErrors } from "~/components/field";
import { redirectWithNotice } from "~/http/notice.server";
import { readForm, readUpload, refusedUpload } from "~/http/read-form.server";
import {
  getAuthorMayNotVerify,
  getSessionIdleMinutes,
  getThresholds,
  setAuthorMayNotVerify,
  setSessionIdleMinutes,
  setThresholds,
} from "~models/school.server";
import { SCHOOL_THRESHOLDS, STAFF_IDLE_MINUTES, THRESHOLD_DEFAULTS, type ThresholdKey } from "~models/vocabulary/thresholds";
import { useSchemaForm } from "~/components/use-schema-form";

export const access: RouteAccess = "manage:settings";
export const meta: MetaFunction = () => [{ title: "Настройки школы — Реестр достижений" }];

/** Shares are stored as fractions and shown as percents. */
const shown = (key: ThresholdKey, value: number) => (SCHOOL_THRESHOLDS[key].percent ? Math.round(value * 1000) / 10 : value);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const thresholds = await getThresholds(schoolOf(user));
  return {
    fields: THRESHOLD_KEYS.map((key) => ({ key, ...SCHOOL_THRESHOLDS[key], value: shown(key, thresholds[key]), default: shown(key, THRESHOLD_DEFAULTS[key]) })),
    idleMinutes: await getSessionIdleMinutes(schoolOf(user)),
    idleDefault: STAFF_IDLE_MINUTES.default,
    authorMayNotVerify: await getAuthorMayNotVerify(schoolOf(user)),
    timeZone: schoolTimeZone(),
    now: new Date(),
    certificates: await schoolCertificates(schoolOf(user)),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "manage:settings");
  const schoolId = schoolOf(user);
  // The one form with a file (the certificate): a refused upload is answered beside its file.
  const upload = readUpload(context);
  const refused = refusedUpload(upload, { field: "file", intent: "certificate" });
  if (refused) return refused;
  const formData = await readForm(request, context);

  if (formData.get("intent") === "certificate") {
    const parsed = parseWithZod(formData, { schema: SigningCertificateSchema });
    // The password never comes back to the page, whatever the answer.
    const submission = { reply: (options: Parameters<typeof parsed.reply>[0] = {}) => parsed.reply({ ...options, hideFields: ["password"] }) };
    if (parsed.status !== "success") return data(submission.reply(), { status: 400 });
    const file = upload?.files.find((f) => f.field === "file");
    if (!file || file.bytes.length === 0)
      return data(submission.reply({ fieldErrors: { file: ["Выберите файл сертификата с ключом (.p12 или .pfx)."] } }), { status: 400 });
    let certificate;
    try {
      certificate = await uploadSchoolCertificate({ schoolId, file: file.bytes, password: parsed.value.password, userId: user._id });
    } catch (error) {
      return replyRefused(submission, error);
    }
    // The password is neither kept nor written to the log; the key is kept encrypted.
    await audit(request, user, {
      action: "update",
      entity: "settings",
      entityId: String(schoolId),
      summary: "сертификат электронной подписи школы",
      after: { сертификат: certificate.serial, владелец: certificate.owner, "действителен по": formatDate(certificate.validTo) },
    });
    return redirectWithNotice("/admin/settings", `Сохранено: документы подписываются сертификатом № ${certificate.serial} (${certificate.owner}).`);
  }

  if (formData.get("intent") === "sessions") {
    // The staff idle time: how long a staff member's session survives without a request.
    const submission = parseWithZod(formData, { schema: StaffIdleSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const value = submission.value.idleMinutes;
    const before = await getSessionIdleMinutes(schoolId);
    await setSessionIdleMinutes(schoolId, value);
    await audit(request, user, {
      action: "update",
      entity: "settings",
      entityId: String(schoolId),
      summary: "время бездействия до выхода сотрудника",
      before: { минут: before },
      after: { минут: value },
    });
    return redirectWithNotice("/admin/settings", `Сохранено: сотрудник, не работавший ${value} мин, входит заново (действует для новых входов).`);
  }

  if (formData.get("intent") === "timeZone") {
    const submission = parseWithZod(formData, { schema: TimeZoneSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const before = schoolTimeZone();
    await saveSchoolTimeZone(submission.value.timeZone);
    await audit(request, user, {
      action: "update",
      entity: "settings",
      entityId: String(schoolId),
      summary: "часовой пояс школы",
      before: { пояс: TIME_ZONES[before].label },
      after: { пояс: TIME_ZONES[submission.value.timeZone].label },
    });
    return redirectWithNotice("/admin/settings", `Сохранено: даты и время показываются по поясу «${TIME_ZONES[submission.value.timeZone].label}».`);
  }

  if (formData.get("intent") === "verification") {
    const submission = parseWithZod(formData, { schema: VerificationRuleSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const on = submission.value.authorMayNotVerify ?? false;
    const before = await getAuthorMayNotVerify(schoolId);
    await setAuthorMayNotVerify(schoolId, on);
    await audit(request, user, {
      action: "update",
      entity: "settings",
      entityId: String(schoolId),
      summary: "подтверждает не автор записи",
      before: { включено: before },
      after: { включено: on },
    });
    return redirectWithNotice(
      "/admin/settings",
      on ? "Сохранено: классный руководитель не подтверждает записи, которые внёс сам." : "Сохранено: автор записи может подтвердить её сам."
    );
  }

  const submission = parseWithZod(formData, { schema: ThresholdsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { intent: _intent, ...next } = submission.value;
  const before = await getThresholds(schoolId);
  await setThresholds({ schoolId, thresholds: next });
  await audit(request, user, {
    action: "update",
    entity: "settings",
    entityId: String(schoolId),
    summary: "пороги группы риска и обоснованности отметок",
    before,
    after: next,
  });
  return redirectWithNotice("/admin/settings", "Сохранено: группа риска и сводные ведомости считаются по новым порогам.");
}

type Reply = SubmissionResult<string[]> | null | undefined;
type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function ThresholdsForm({ fields: shownFields, lastResult }: { fields: Loaded["fields"]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(ThresholdsSchema, {
    intent: "thresholds",
    lastResult,
    defaultValue: { intent: "thresholds", ...Object.fromEntries(shownFields.map((f) => [f.key, String(f.value)])) },
  });
  return (
    <Form method="post" className="stack" style={{ maxWidth: "44rem" }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="thresholds" />
      {shownFields.map((f) => (
        <Field
          key={f.key}
          label={f.label}
          meta={fields[f.key]}
          inputMode="decimal"
          style={{ maxWidth: "8rem" }}
          hint={
            <>
              по умолчанию {f.default}; {f.source}
            </>
          }
        />
      ))}
      <FormErrors form={form} />
      <button type="submit">Сохранить</button>
    </Form>
  );
}

function IdleForm({ idleMinutes, idleDefault, lastResult }: { idleMinutes: number; idleDefault: number; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(StaffIdleSchema, {
    intent: "sessions",
    lastResult,
    defaultValue: { intent: "sessions", idleMinutes: String(idleMinutes) },
  });
  return (
    <Form method="post" className="stack" style={{ maxWidth: "44rem" }} {...getFormProps(form)}>
      <input type="hidden" name="intent" value="sessions" />
      <Field
        label="Выход после бездействия, минут"
        meta={fields.idleMinutes}
        inputMode="numeric"
        style={{ maxWidth: "8rem" }}
        hint={`по умолчанию ${idleDefault}; сотрудник, оставивший компьютер в учительской, выходит сам. Родители и обучающиеся входят заново через 12 часов.`}
      />
      <FormErrors form={form} />
      <button type="submit">Сохранить</button>
    </Form>
  );
}

function TimeZoneForm({ timeZone, now }: { timeZone: string; now: string | Date }) {
  return (
    <Form method="post" className="stack" style={{ maxWidth: "44rem" }}>
      <input type="hidden" name="intent" value="timeZone" />
      <label>
        Часовой пояс школы
        <select name="timeZone" defaultValue={timeZone}>
          {Object.entries(TIME_ZONES).map(([zone, { label }]) => (
            <option key={zone} value={zone}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        По нему — все даты и время на страницах, в документах, таблицах и именах файлов, «сегодня» в проверках форм и границы периодов. Сейчас по часам школы:{" "}
        {formatDateTime(now)}.
      </p>
      <button type="submit">Сохранить</button>
    </Form>
  );
}

function VerificationRuleForm({ on }: { on: boolean }) {
  return (
    <Form method="post" className="stack" style={{ maxWidth: "44rem" }}>
      <input type="hidden" name="intent" value="verification" />
      <div className="checks">
        <label>
          <input type="checkbox" name="authorMayNotVerify" defaultChecked={on} /> Подтверждает не автор записи
        </label>
      </div>
      <p className="muted">
        Включено (по умолчанию): достижение, которое внёс классный руководитель, подтверждает другой человек — администрация. Администрация может подтвердить
        любую запись.
      </p>
      <button type="submit">Сохранить</button>
    </Form>
  );
}

const ORIGINS = { "self-signed": "самоподписанный, создан реестром", uploaded: "загружен администрацией" } as const;

function CertificateForm({ certificates, lastResult }: { certificates: Loaded["certificates"]; lastResult: Reply }) {
  const [form, fields] = useSchemaForm(SigningCertificateSchema, { intent: "certificate", lastResult, defaultValue: { intent: "certificate" } });
  const current = certificates[0];
  return (
    <>
      <p className="muted">
        Каждый выдаваемый PDF (выписка, портфолио, решение о зачёте, справка, ведомости годового архива) подписывается сертификатом школы и несёт штамп
        «Документ подписан электронной подписью».{" "}
        {current?.origin === "self-signed"
          ? "Сейчас это самоподписанный сертификат, созданный реестром: подпись показывает, что файл не менялся, но программы для PDF не знают этого сертификата. Загрузите сертификат школы, выданный удостоверяющим центром."
          : null}
        {current ? null : "Сертификата пока нет: самоподписанный будет создан с первым документом."}
      </p>
      {certificates.length ? (
        <TableBox label="Сертификаты школы">
          <thead>
            <tr>
              <th>Сертификат</th>
              <th>Владелец</th>
              <th>Действителен</th>
              <th>Откуда</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c, i) => (
              <tr key={c.serial + String(c.createdAt)}>
                <td>
                  № {c.serial}
                  {i === 0 ? <strong> — используется</strong> : null}
                </td>
                <td>{c.organisation && c.organisation !== c.owner ? `${c.owner}, ${c.organisation}` : c.owner}</td>
                <td>
                  с {formatDate(c.validFrom)} по {formatDate(c.validTo)}
                </td>
                <td>
                  {ORIGINS[c.origin]}, {formatDate(c.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </TableBox>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack" style={{ maxWidth: "44rem" }} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="certificate" />
        <Field
          label="Сертификат с закрытым ключом (PKCS#12: .p12 или .pfx)"
          meta={fields.file}
          type="file"
          accept=".p12,.pfx,application/x-pkcs12"
          hint="Ключи RSA и ECDSA. Прежние сертификаты остаются: документы, подписанные ими, по-прежнему проверяются."
        />
        <Field
          label="Пароль к файлу"
          meta={fields.password}
          type="password"
          autoComplete="off"
          hint="Пароль не сохраняется; ключ хранится в базе зашифрованным."
        />
        <FormErrors form={form} />
        <button type="submit">Загрузить сертификат</button>
      </Form>
    </>
  );
}

export default function SchoolSettings() {
  const { fields, idleMinutes, idleDefault, authorMayNotVerify, timeZone, now, certificates } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>Настройки школы</h1>
      <p className="muted">Пороги критериев группы риска и обоснованности итоговых отметок. У каждого — значение по умолчанию и откуда оно.</p>
      <ThresholdsForm fields={fields} lastResult={lastResult} />
      <h2>Часы школы</h2>
      <TimeZoneForm timeZone={timeZone} now={now} />
      <h2>Проверка достижений</h2>
      <VerificationRuleForm on={authorMayNotVerify} />
      <h2>Сеансы сотрудников</h2>
      <IdleForm idleMinutes={idleMinutes} idleDefault={idleDefault} lastResult={lastResult} />
      <h2>Электронная подпись документов</h2>
      <CertificateForm certificates={certificates} lastResult={lastResult} />
    </>
  );
}
