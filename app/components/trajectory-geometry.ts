// Where a trajectory chart puts its lines, points and labels: marks 1–5 upwards, periods left to
// right. The page's SVG and the PDF's vector drawing both use this, so they show the same chart.
export interface ChartGeometry {
  width: number;
  height: number;
  left: number;
  right: number;
  /** Horizontal lines at marks 1–5; the line at «3» (the pass mark) is dashed. */
  grid: { value: number; y: number; dashed: boolean }[];
  /** Period labels under the axis, split over two lines («1-й триместр» / «2025/2026»). */
  xLabels: { x: number; lines: [string, string] }[];
  /** Runs of consecutive periods with a value: a gap in the data breaks the line. */
  segments: { x: number; y: number }[][];
  points: { x: number; y: number; value: number; label: string }[];
}

export function chartGeometry(labels: string[], values: (number | null)[], width: number, height: number, compact: boolean): ChartGeometry {
  const pad = compact ? { left: 4, right: 4, top: 4, bottom: 4 } : { left: 44, right: 44, top: 12, bottom: 46 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (labels.length <= 1 ? plotW / 2 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => pad.top + ((5 - v) / 4) * plotH;
  const segments: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  const points: ChartGeometry["points"] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) segments.push(run);
      run = [];
      return;
    }
    run.push({ x: x(i), y: y(v) });
    points.push({ x: x(i), y: y(v), value: v, label: labels[i] });
  });
  if (run.length) segments.push(run);
  return {
    width,
    height,
    left: pad.left,
    right: width - pad.right,
    grid: compact ? [] : [1, 2, 3, 4, 5].map((v) => ({ value: v, y: y(v), dashed: v === 3 })),
    xLabels: compact
      ? []
      : labels.map((label, i) => {
          const words = label.split(" ");
          return { x: x(i), lines: [words.slice(0, 2).join(" "), words.slice(2).join(" ")] };
        }),
    segments,
    points,
  };
}
