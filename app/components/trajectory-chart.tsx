import { formatNumber } from "~/domain/format";
import { chartGeometry } from "./trajectory-geometry";

// A trajectory drawn on the server as SVG. Black lines and round markers, so it reads on paper as
// well as on screen; the PDF draws the same geometry.
interface Props {
  labels: string[];
  values: (number | null)[];
  width?: number;
  height?: number;
  compact?: boolean;
  title: string;
}

/**
 * A full chart is drawn twice, for a wide screen and for a phone (shown by the screen's width), so
 * its labels stay at least 11 px whichever screen scales it; a compact one is drawn at its size.
 */
export function TrajectoryChart(props: Props) {
  if (props.compact) return <Chart {...props} fontSize={10} />;
  return (
    <>
      <Chart {...props} fontSize={11} className="trajectory-chart--wide" />
      <Chart {...props} width={340} height={240} fontSize={12} className="trajectory-chart--phone" />
    </>
  );
}

function Chart({ labels, values, width = 640, height = 220, compact = false, title, fontSize, className = "" }: Props & { fontSize: number; className?: string }) {
  const chart = chartGeometry(labels, values, width, height, compact);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={compact ? width : "100%"} height={compact ? height : undefined} role="img" aria-label={title} className={`trajectory-chart ${className}`}>
      <title>{title}</title>
      {chart.grid.map((g) => (
        <g key={g.value}>
          <line x1={chart.left} x2={chart.right} y1={g.y} y2={g.y} stroke={g.dashed ? "#999" : "#ddd"} strokeDasharray={g.dashed ? "4 3" : undefined} />
          <text x={chart.left - 8} y={g.y + 4} fontSize={fontSize} textAnchor="end" fill="#333">
            {g.value}
          </text>
        </g>
      ))}
      {chart.xLabels.map((l, i) => (
        <text key={i} x={l.x} y={height - 30} fontSize={fontSize} textAnchor="middle" fill="#333">
          {l.lines[0]}
          <tspan x={l.x} dy="12">
            {l.lines[1]}
          </tspan>
        </text>
      ))}
      {chart.segments.map((run, i) => (
        <polyline key={i} points={run.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ")} fill="none" stroke="#1d2733" strokeWidth={compact ? 1.5 : 2.5} />
      ))}
      {chart.points.map((p, i) => (
        <circle key={i} cx={p.x} cy={p.y} r={compact ? 2 : 4} fill="#fff" stroke="#1d2733" strokeWidth={compact ? 1 : 2}>
          <title>{`${p.label}: ${formatNumber(p.value, 0, 2)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
