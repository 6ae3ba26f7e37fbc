import { formatNumber } from "~/domain/format";

// A trajectory drawn on the server as SVG: marks 1–5 upwards, periods left to right. Black lines
// and round markers, so it reads on paper as well as on screen.
interface Props {
  labels: string[];
  values: (number | null)[];
  width?: number;
  height?: number;
  compact?: boolean;
  title: string;
}

export function TrajectoryChart({ labels, values, width = 640, height = 220, compact = false, title }: Props) {
  const pad = compact ? { left: 4, right: 4, top: 4, bottom: 4 } : { left: 44, right: 44, top: 12, bottom: 46 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => pad.top + ((5 - v) / 4) * plotH;
  const points = values.map((v, i) => (v === null ? null : { x: x(i), y: y(v), v, label: labels[i] }));
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p) current.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
    else if (current.length) (segments.push(current.join(" ")), (current = []));
  }
  if (current.length) segments.push(current.join(" "));
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={compact ? width : "100%"} height={compact ? height : undefined} role="img" aria-label={title} className="trajectory-chart">
      <title>{title}</title>
      {compact
        ? null
        : [1, 2, 3, 4, 5].map((v) => (
            <g key={v}>
              <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke={v === 3 ? "#999" : "#ddd"} strokeDasharray={v === 3 ? "4 3" : undefined} />
              <text x={pad.left - 8} y={y(v) + 4} fontSize="11" textAnchor="end" fill="#333">
                {v}
              </text>
            </g>
          ))}
      {compact
        ? null
        : labels.map((label, i) => (
            <text key={label} x={x(i)} y={height - pad.bottom + 16} fontSize="10" textAnchor="middle" fill="#333">
              {label.split(" ").slice(0, 2).join(" ")}
              <tspan x={x(i)} dy="12">
                {label.split(" ").slice(2).join(" ")}
              </tspan>
            </text>
          ))}
      {segments.map((s, i) => (
        <polyline key={i} points={s} fill="none" stroke="#1d2733" strokeWidth={compact ? 1.5 : 2.5} />
      ))}
      {points.map((p, i) =>
        p ? (
          <circle key={i} cx={p.x} cy={p.y} r={compact ? 2 : 4} fill="#fff" stroke="#1d2733" strokeWidth={compact ? 1 : 2}>
            <title>{`${p.label}: ${formatNumber(p.v, 0, 2)}`}</title>
          </circle>
        ) : null,
      )}
    </svg>
  );
}
