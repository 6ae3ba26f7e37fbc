import { Link } from "@remix-run/react";
import { formatDate } from "~/domain/format";
import { AchievementList, type AchievementListData } from "./achievement-list";

interface RecordView {
  history: { year: string; current: boolean; className: string }[];
  representatives: string[];
  achievements: AchievementListData;
  canAdd: boolean;
  student: { id: string; name: string; birthDate: string | Date; enrolledAt: string | Date; leftAt?: string | Date | null };
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
              <dd>{formatDate(record.student.leftAt)}</dd>
            </>
          ) : null}
          <dt>Законные представители</dt>
          <dd>{record.representatives.length ? record.representatives.join(", ") : "не указаны"}</dd>
        </dl>
      </div>
      <h2>Индивидуальные достижения</h2>
      {staff && record.canAdd ? (
        <p>
          <Link className="button" to={`/students/${record.student.id}/achievements/new`}>
            Добавить достижение
          </Link>
        </p>
      ) : null}
      <AchievementList data={record.achievements} showStatus={staff} />
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
