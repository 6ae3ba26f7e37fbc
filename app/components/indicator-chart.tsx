// One school's indicators over three years as bar charts, one per indicator, each with its percent
// axis and the value on every bar: a year with nobody to count shows «нет данных» instead of a bar,
// so it is never read as 0 %.
import { formatNumber } from "~/domain/format";

export interface IndicatorSeries {
  n: number;
  title: string;
  better: "lower" | "higher";
  values: (number | null)[];
}

const W = 320;
const H = 190;
const LEFT = 40;
const TOP = 18;
const BOTTOM = 26;

/** The axis' top: the next «round» percent above the largest value (a 3 % indicator is not a sliver under 100 %). */
function axisTop(values: (number | null)[]) {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null));
  return [5, 10, 20, 25, 50, 100].find((top) => max <= top) ?? 100;
}

export function IndicatorCharts({ years, series }: { years: string[]; series: IndicatorSeries[] }) {
  const shown = series.filter((s) => s.values.some((v) => v !== null));
  if (shown.length === 0) return <p className="muted">Нет данных ни по одному показателю за эти годы.</p>;
  const plotW = W - LEFT - 8;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / years.length;
  return (
    <div className="indicator-charts" role="list" aria-label="Показатели по годам">
      {shown.map((s) => {
        const top = axisTop(s.values);
        const y = (v: number) => TOP + plotH - (plotH * Math.min(top, v)) / top;
        return (
          <figure key={s.n} role="listitem" className="card indicator-chart">
            <figcaption>
              {s.n}. {s.title}, % <span className="muted">({s.better === "lower" ? "лучше меньше" : "лучше больше"})</span>
            </figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${s.title}: ${years.map((yr, i) => `${yr} — ${s.values[i] === null ? "нет данных" : `${formatNumber(s.values[i]!, 0, 1)} %`}`).join("; ")}`}>
              {[0, top / 2, top].map((tick) => (
                <g key={tick}>
                  <line x1={LEFT} x2={W - 8} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? "#777" : "#ddd"} strokeWidth="1" />
                  <text x={LEFT - 5} y={y(tick) + 4} fontSize="11" textAnchor="end" fill="#444">
                    {formatNumber(tick, 0, 1)}
                  </text>
                </g>
              ))}
              {s.values.map((v, i) => {
                const x = LEFT + i * slot + slot * 0.2;
                return (
                  <g key={years[i]}>
                    {v === null ? (
                      <text x={x + slot * 0.3} y={TOP + plotH - 6} fontSize="11" textAnchor="middle" fill="#777">
                        нет данных
                      </text>
                    ) : (
                      <>
                        <rect x={x} y={y(v)} width={slot * 0.6} height={TOP + plotH - y(v)} fill={s.better === "lower" ? "#c0504d" : "#4f81bd"}>
                          <title>{`${years[i]}: ${formatNumber(v, 0, 1)} %`}</title>
                        </rect>
                        <text x={x + slot * 0.3} y={y(v) - 4} fontSize="11" textAnchor="middle" fontWeight="600">
                          {formatNumber(v, 0, 1)}
                        </text>
                      </>
                    )}
                    <text x={x + slot * 0.3} y={H - 8} fontSize="11" textAnchor="middle" fill="#333">
                      {years[i]}
                    </text>
                  </g>
                );
              })}
            </svg>
          </figure>
        );
      })}
    </div>
  );
}
