import { describe, expect, it } from "vitest";
import { TRAJECTORY_DEFAULTS, trajectoryDirection } from "./trajectory";

const series = (...values: (number | null)[]) => values.map((value, i) => ({ label: `п${i + 1}`, value }));

describe("trajectory direction on constructed series", () => {
  it("rising: 3.0 → 3.4 → 3.8 → 4.2", () => {
    const v = trajectoryDirection(series(3.0, 3.4, 3.8, 4.2));
    expect(v.direction).toBe("rising");
    expect(v.slope).toBeCloseTo(0.4, 10);
    expect(v.spread).toBeCloseTo(0, 10);
    expect(v.reason).toContain("средний балл растёт на 0,40 балла за период, колебания ±0,00");
  });
  it("falling", () => expect(trajectoryDirection(series(4.6, 4.3, 4.1, 3.8)).direction).toBe("falling"));
  it("stable: small wobbles", () => expect(trajectoryDirection(series(4.1, 4.0, 4.2, 4.1)).direction).toBe("stable"));
  it("unstable: 3 ↔ 5", () => {
    const v = trajectoryDirection(series(3, 5, 3, 5, 3));
    expect(v.direction).toBe("unstable");
    expect(v.spread!).toBeGreaterThan(TRAJECTORY_DEFAULTS.spread);
  });
  it("exactly at the slope threshold counts as rising; just below does not", () => {
    expect(trajectoryDirection(series(3.0, 3.15, 3.3)).direction).toBe("rising");
    expect(trajectoryDirection(series(3.0, 3.14, 3.28)).direction).toBe("stable");
  });
  it("too few marked periods: says so instead of guessing", () => {
    const v = trajectoryDirection(series(3, null, 5));
    expect(v.direction).toBe("insufficient");
    expect(v.reason).toContain("точек с отметками: 2");
  });
  it("gaps keep their place in time", () => {
    // 3 at period 1, 4 at period 3, 5 at period 5: slope 0.5 per period, not 1.
    expect(trajectoryDirection(series(3, null, 4, null, 5)).slope).toBeCloseTo(0.5, 10);
  });
});
