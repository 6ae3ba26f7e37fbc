// A student's trajectory in a subject: the average over successive periods and years, and its
// direction with the numbers that decided it. Thresholds are the school's settings; the defaults
// are written here.
import { formatNumber } from "./format";

export interface TrajectoryPoint {
  /** «1-й триместр 2025/2026», «2024/2025 (год)». */
  label: string;
  value: number | null;
}

export const TRAJECTORY_DEFAULTS = {
  /** Change of the average per period, fitted over the series, that counts as rising or falling. */
  slope: 0.15,
  /** Spread of the points around the fitted line above which the series is unstable. */
  spread: 0.45,
  /** Fewer points than this: too early to say. */
  minPoints: 3,
};
export type TrajectorySettings = typeof TRAJECTORY_DEFAULTS;

export type Direction = "rising" | "stable" | "falling" | "unstable" | "insufficient";

export const DIRECTION_LABELS: Record<Direction, string> = {
  rising: "рост",
  stable: "стабильно",
  falling: "снижение",
  unstable: "нестабильно",
  insufficient: "мало данных",
};

export interface TrajectoryVerdict {
  direction: Direction;
  /** Least-squares slope: change of the average per period. */
  slope: number | null;
  /** Root mean square distance of the points from the fitted line. */
  spread: number | null;
  points: number;
  /** The rule that decided, in words, with the numbers. */
  reason: string;
}

const fmt = (v: number) => formatNumber(v, 2);

export function trajectoryDirection(series: readonly TrajectoryPoint[], settings: TrajectorySettings = TRAJECTORY_DEFAULTS): TrajectoryVerdict {
  const known = series.map((p, x) => ({ x, y: p.value })).filter((p): p is { x: number; y: number } => p.y !== null);
  if (known.length < settings.minPoints) {
    return { direction: "insufficient", slope: null, spread: null, points: known.length, reason: `точек с отметками: ${known.length}, нужно не меньше ${settings.minPoints}` };
  }
  const meanX = known.reduce((s, p) => s + p.x, 0) / known.length;
  const meanY = known.reduce((s, p) => s + p.y, 0) / known.length;
  const sxx = known.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  const slope = known.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0) / sxx;
  const spread = Math.sqrt(known.reduce((s, p) => s + (p.y - (meanY + slope * (p.x - meanX))) ** 2, 0) / known.length);
  // Averages are decimals: a slope «at» the threshold may come out a hair below it in floating point.
  const EPSILON = 1e-9;
  // In the words a family reads: how much the average mark moves per period, and how much it wobbles.
  const change = Math.abs(slope) < 0.005 ? "средний балл почти не меняется" : `средний балл ${slope > 0 ? "растёт" : "снижается"} на ${fmt(Math.abs(slope))} балла за период`;
  const numbers = `${change}, колебания ±${fmt(spread)}`;
  if (spread > settings.spread) return { direction: "unstable", slope, spread, points: known.length, reason: `${numbers}: колебания больше ±${fmt(settings.spread)}` };
  if (slope >= settings.slope - EPSILON) return { direction: "rising", slope, spread, points: known.length, reason: `${numbers}: рост не меньше ${fmt(settings.slope)}` };
  if (slope <= -settings.slope + EPSILON) return { direction: "falling", slope, spread, points: known.length, reason: `${numbers}: снижение не меньше ${fmt(settings.slope)}` };
  return { direction: "stable", slope, spread, points: known.length, reason: `${numbers}: изменение меньше ${fmt(settings.slope)} за период` };
}
