// One school's indicators over three years as small bar charts, one per indicator: a year with
// nobody to count shows «н/д» instead of a bar, so it is never read as 0 %.
export interface IndicatorSeries {
  n: number;
  title: string;
  better: "lower" | "higher";
  values: (number | null)[];
}

const W = 170;
const H = 96;
const TOP = 14;
const BOTTOM = 18;

export function IndicatorCharts({ years, series }: { years: string[]; series: IndicatorSeries[] }) {
  const shown = series.filter((s) => s.values.some((v) => v !== null));
  if (shown.length === 0) return <p className="muted">Нет данных ни по одному показателю за эти годы.</p>;
  const slot = W / years.length;
  return (
    <div className="grid-cards" role="list" aria-label="Показатели по годам">
      {shown.map((s) => (
        <figure key={s.n} role="listitem" style={{ margin: 0 }}>
          <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Показатель ${s.n} по годам`}>
            {s.values.map((v, i) => {
              const x = i * slot + slot * 0.2;
              const barH = v === null ? 0 : ((H - TOP - BOTTOM) * Math.min(100, v)) / 100;
              return (
                <g key={years[i]}>
                  {v === null ? (
                    <text x={x + slot * 0.3} y={H - BOTTOM - 4} fontSize="9" textAnchor="middle" fill="#888">
                      н/д
                    </text>
                  ) : (
                    <>
                      <rect x={x} y={H - BOTTOM - barH} width={slot * 0.6} height={barH} fill={s.better === "lower" ? "#c0504d" : "#4f81bd"} />
                      <text x={x + slot * 0.3} y={H - BOTTOM - barH - 3} fontSize="9" textAnchor="middle">
                        {String(Math.round(v * 10) / 10).replace(".", ",")}
                      </text>
                    </>
                  )}
                  <text x={x + slot * 0.3} y={H - 5} fontSize="8" textAnchor="middle" fill="#555">
                    {years[i].slice(2, 4)}/{years[i].slice(7, 9)}
                  </text>
                </g>
              );
            })}
            <line x1="0" x2={W} y1={H - BOTTOM} y2={H - BOTTOM} stroke="#999" strokeWidth="0.5" />
          </svg>
          <figcaption className="muted" style={{ fontSize: "0.8em", maxWidth: W }}>
            {s.n}. {s.title}, %
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
