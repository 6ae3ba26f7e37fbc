import { Link } from "@remix-run/react";
import { formatDate, formatNumber } from "~/domain/format";
import { AchievementList, type AchievementListData } from "./achievement-list";
import { TableBox, Cell } from "./table-box";
import { TrajectoryChart } from "./trajectory-chart";

interface RecordView {
  history: { year: string; current: boolean; className: string }[];
  representatives: string[];
  achievements: AchievementListData;
  canAdd: boolean;
  external: { year: string; kind: string; grade: number; subject: string; result: string }[];
  canSupport: boolean;
  canGifted: boolean;
  credits: { id: string; subject: string; programme: string; organisation: string; state: string; decidedAt: string | Date; act: string }[];
  gifted: {
    inclusions: { schoolYear: string; includedOn: string | Date; reference: string }[];
    conditions: { schoolYear: string; subjects: string[]; conditions: string; order: string }[];
  };
  results: {
    labels: string[];
    overall: { values: (number | null)[]; label: string; reason: string; direction: string };
    subjects: { id: string; name: string; values: (number | null)[]; label: string; reason: string; direction: string }[];
  };
  student: { id: string; name: string; birthDate: string | Date; enrolledAt: string | Date; leftAt?: string | Date | null; leftTo?: string };
}

/** The student's record as staff and the family both see it (each page adds its own parts). */
export function StudentRecordView({ record, staff }: { record: RecordView; staff: boolean }) {
  const current = record.history.find((h) => h.current);
  return (
    <>
      <h1>{record.student.name}</h1>
      <div className="card">
        <dl className="facts">
          <dt>Класс</dt>
          <dd>{current ? `${current.className} (${current.year})` : "нет в этом учебном году"}</dd>
          <dt>Дата рождения</dt>
          <dd>{formatDate(record.student.birthDate)}</dd>
          <dt>Обучается с</dt>
          <dd>{formatDate(record.student.enrolledAt)}</dd>
          {record.student.leftAt ? (
            <>
              <dt>Выбыл(а)</dt>
              <dd>
                {formatDate(record.student.leftAt)}
                {record.student.leftTo ? `, ${record.student.leftTo}` : ""}
                <span className="muted"> — личное дело только для чтения</span>
              </dd>
            </>
          ) : null}
          <dt>Законные представители</dt>
          <dd>{record.representatives.length ? record.representatives.join(", ") : "не указаны"}</dd>
        </dl>
      </div>
      <p className="toolbar">
        {staff ? (
          <>
            <a href={`/students/${record.student.id}/portfolio.pdf`} download>
              Портфолио в PDF
            </a>
            <Link to={`/students/${record.student.id}/badges`}>Цифровые бейджи</Link>
          </>
        ) : (
          <>
            <Link className="button" to={`/family/${record.student.id}/extracts`} data-main-action>
              Выписки из портфолио (PDF)
            </Link>
            <Link to={`/family/${record.student.id}/badges`}>Цифровые бейджи (Open Badges)</Link>
            <Link to={`/family/${record.student.id}/proposals`}>Предложить достижение</Link>
            <Link to={`/family/${record.student.id}/credits`}>Зачёт результатов из других организаций</Link>
            <Link to={`/family/${record.student.id}/quality`}>Результаты ребёнка и класс</Link>
          </>
        )}
        {staff && record.canSupport ? <Link to={`/students/${record.student.id}/support`}>Сопровождение: группа риска и индивидуальный маршрут</Link> : null}
        {staff && record.canGifted ? <Link to={`/students/${record.student.id}/gifted`}>ГИР: проходит ли и почему</Link> : null}
      </p>
      {record.gifted.inclusions.length || record.gifted.conditions.length ? (
        <div className="card">
          <h2 style={{ marginTop: 0 }}>Государственный ресурс об одарённых детях (ГИР)</h2>
          <ul>
            {record.gifted.inclusions.map((i, n) => (
              <li key={`i${n}`}>
                {i.schoolYear}: включён(а) в ГИР {formatDate(i.includedOn)}, {i.reference}
              </li>
            ))}
            {record.gifted.conditions.map((c, n) => (
              <li key={`c${n}`}>
                {c.schoolYear}: особые условия аттестации по предметам {c.subjects.join(", ")} — {c.conditions} ({c.order})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>Индивидуальные достижения</h2>
      {staff && record.canAdd ? (
        <p>
          <Link className="button" to={`/students/${record.student.id}/achievements/new`}>
            Добавить достижение
          </Link>
        </p>
      ) : null}
      <AchievementList data={record.achievements} showStatus={staff} />
      {record.credits.length ? (
        <>
          <h2>Зачёт результатов других организаций</h2>
          <ul>
            {record.credits.map((c) => (
              <li key={c.id}>
                {c.subject}: {c.programme} ({c.organisation}) — {c.state}; решение от {formatDate(c.decidedAt)}, {c.act}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Успеваемость и её динамика</h2>
      <ResultsView results={record.results} />
      {record.external.length ? (
        <>
          <h3>Внешние оценочные процедуры</h3>
          <TableBox label="Внешние оценочные процедуры" stack>
            <thead>
              <tr>
                <th>Учебный год</th>
                <th>Процедура</th>
                <th>Класс</th>
                <th>Предмет</th>
                <th>Результат</th>
              </tr>
            </thead>
            <tbody>
              {record.external.map((e) => (
                <tr key={`${e.year}|${e.kind}|${e.subject}`}>
                  <Cell label="Учебный год">{e.year}</Cell>
                  <Cell label="Процедура">{e.kind}</Cell>
                  <Cell label="Класс">{e.grade}</Cell>
                  <Cell label="Предмет">{e.subject}</Cell>
                  <Cell label="Результат">{e.result}</Cell>
                </tr>
              ))}
            </tbody>
          </TableBox>
        </>
      ) : null}
      <h2>Классы по годам</h2>
      <table className="data" style={{ maxWidth: "30rem" }}>
        <thead>
          <tr>
            <th>Учебный год</th>
            <th>Класс</th>
          </tr>
        </thead>
        <tbody>
          {record.history.map((h) => (
            <tr key={h.year}>
              <td>{h.year}</td>
              <td>{h.className}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const fmt = (v: number | null) => (v === null ? "" : formatNumber(v, 0, 2));

function ResultsView({ results }: { results: RecordView["results"] }) {
  if (results.subjects.length === 0) return <p className="muted">Итоговые отметки ещё не загружены.</p>;
  return (
    <>
      <div className="card">
        <p style={{ marginTop: 0 }}>
          Средний балл по периодам: <strong className={`direction-${results.overall.direction}`}>{results.overall.label}</strong>{" "}
          <span className="muted">({results.overall.reason})</span>
        </p>
        <TrajectoryChart labels={results.labels} values={results.overall.values} title="Средний балл по периодам" />
      </div>
      <TableBox label="Средний балл по предметам и периодам">
        <thead>
          <tr>
            <th>Предмет</th>
            {results.labels.map((l) => (
              <th key={l} className="num">
                {l}
              </th>
            ))}
            <th>Динамика</th>
          </tr>
        </thead>
        <tbody>
          {results.subjects.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              {s.values.map((v, i) => (
                <td key={i} className="num">
                  {fmt(v)}
                </td>
              ))}
              <td title={s.reason}>
                <TrajectoryChart labels={results.labels} values={s.values} width={90} height={26} compact title={`${s.name}: ${s.label}`} />{" "}
                <span className={`direction-${s.direction}`}>{s.label}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </TableBox>
    </>
  );
}
