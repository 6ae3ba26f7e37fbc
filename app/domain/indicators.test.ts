// Seed 003's indicators on a constructed data set, the values computed by hand beside each.
import { describe, expect, it } from "vitest";
import { MATHS, MATHS_BASE, RUSSIAN, type AssessmentKind } from "~models/vocabulary/assessment-kinds";
import { egeMinimum } from "~/domain/exam-results";
import { computeIndicators, dynamics, figure, formatFigure, sumFigures, type AssessmentResult } from "./indicators";

const results = (kind: AssessmentKind, grade: number, subject: string, values: number[], as: "mark" | "points" = "mark"): AssessmentResult[] =>
  values.map((v) => ({ kind, grade, subject, mark: as === "mark" ? v : null, points: as === "points" ? v : null }));

const data: AssessmentResult[] = [
  ...results("vpr", 4, RUSSIAN, [2, 2, 3, 3, 3]),
  ...results("vpr", 4, "Окружающий мир", [4, 4, 5, 5, 5]),
  ...results("vpr", 5, RUSSIAN, [2, 5, 5, 4]),
  ...results("vpr", 6, RUSSIAN, [3, 2]),
  ...results("vpr", 5, MATHS, [5]),
  ...results("vpr", 7, MATHS, [2]), // 7th grade: in no indicator
  ...results("ege", 11, RUSSIAN, [23, 24, 81, 90], "points"),
  ...results("gve11", 11, RUSSIAN, [2, 4]),
  ...results("ege", 11, MATHS_BASE, [2, 5, 5]),
  ...results("gve11", 11, MATHS, [3]),
  ...results("oge", 9, MATHS, [2, 3, 5, 5, 4]),
  ...results("oge", 9, RUSSIAN, [4]),
];
const defaults = { egeMinimum: (subject: string) => egeMinimum({}, "2025/2026", subject) };

describe("indicators 1–16", () => {
  const f = computeIndicators(data, defaults);
  it("ВПР of the 4th grade, every subject: 2 of 10 «2», 3 of 10 «5»", () => {
    expect(f[1]).toEqual(figure(2, 10));
    expect(f[1].value).toBe(20);
    expect(f[2].value).toBe(30);
  });
  it("ЕГЭ/ГВЭ Russian: 23 < 24 and a ГВЭ «2» → 2 of 6; 81 and 90 → 2 of 4 ЕГЭ takers", () => {
    expect(f[3]).toEqual(figure(2, 6));
    expect(f[4]).toEqual(figure(2, 4));
    expect(f[4].value).toBe(50);
  });
  it("a year with no ЕГЭ takers in profile mathematics is «нет данных», never 0 %", () => {
    expect(f[5]).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(formatFigure(f[6])).toBe("нет данных");
  });
  it("basic mathematics with ГВЭ-11: 1 of 4 «2», 2 of 4 «5»", () => {
    expect(f[7].value).toBe(25);
    expect(f[8].value).toBe(50);
  });
  it("ОГЭ: mathematics 1 of 5 «2», 2 of 5 «5»; Russian 0 of 1 is a real 0 %", () => {
    expect(f[9].value).toBe(20);
    expect(f[10].value).toBe(40);
    expect(f[11]).toEqual(figure(0, 1));
    expect(formatFigure(f[11])).toBe("0 %");
  });
  it("ВПР of the 5th and 6th grades: Russian 2 of 6 «2» and 2 of 6 «5»; mathematics 0 of 1 and 1 of 1", () => {
    expect(f[13]).toEqual(figure(2, 6));
    expect(formatFigure(f[13])).toBe("33,3 %");
    expect(f[15]).toEqual(figure(2, 6));
    expect(f[14].value).toBe(0);
    expect(f[16].value).toBe(100);
  });
  it("a year's own ЕГЭ minimum is used when entered: with 36 for Russian, 23 and 24 are both below → 3 of 6", () => {
    const own = computeIndicators(data, { egeMinimum: (subject) => egeMinimum({ "2025/2026": { [RUSSIAN]: 36 } }, "2025/2026", subject) });
    expect(own[3]).toEqual(figure(3, 6));
  });
  it("the municipality adds numerators and denominators, not percents", () => {
    expect(sumFigures([figure(1, 10), figure(1, 2), figure(0, 0)])).toEqual(figure(2, 12));
  });
});

describe("positive dynamics", () => {
  const before = { 1: figure(2, 10), 2: figure(3, 10), 9: figure(0, 0) };
  it("more improved than worsened, beyond the tolerance", () => {
    const after = { 1: figure(1, 10), 2: figure(61, 200), 9: figure(1, 4) };
    const result = dynamics(before, after, { mode: "balance", tolerance: 1 });
    expect(result.improved).toEqual([1]);
    expect(result.worsened).toEqual([]);
    // Indicator 9 had no data the year before: not compared.
    expect(result.compared).toEqual([1, 2]);
    expect(result.positive).toBe(true);
  });
  it("one better and one worse: not positive by either rule", () => {
    const after = { 1: figure(1, 10), 2: figure(2, 10) };
    expect(dynamics(before, after, { mode: "balance", tolerance: 1 }).positive).toBe(false);
    expect(dynamics(before, after, { mode: "noWorse", tolerance: 1 }).positive).toBe(false);
  });
  it("nothing to compare: no verdict", () => {
    expect(dynamics({ 5: figure(0, 0) }, { 5: figure(1, 3) }, { mode: "balance", tolerance: 1 }).positive).toBeNull();
  });
});
