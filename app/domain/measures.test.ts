import { describe, expect, it } from "vitest";
import { classMeasures, formatMeasure, subjectMeasures } from "./measures";
import { parseMark } from "./marks";
import { type PeriodMark } from "~models/vocabulary/marks";

describe("subject measures, counted by hand", () => {
  it("a class of ten: 5 5 4 4 4 3 3 2 н/а осв", () => {
    const m = subjectMeasures([5, 5, 4, 4, 4, 3, 3, 2, "na", "exempt"]);
    expect(m.n).toBe(9); // the exempt student is left out, н/а stays in
    expect(m.average).toBeCloseTo(30 / 8, 10); // (10 + 12 + 6 + 2) / 8 marks
    expect(m.successRate).toBeCloseTo((7 * 100) / 9, 10); // 77,8 %
    expect(m.quality).toBeCloseTo((5 * 100) / 9, 10); // 55,6 %
    // СОУ = (100·2 + 64·3 + 36·2 + 16·1 + 7·1) / 9 = 487 / 9
    expect(m.sou).toBeCloseTo(487 / 9, 10);
    expect(formatMeasure(m.successRate)).toBe("77,8");
  });

  it("a class with one student", () => {
    const m = subjectMeasures([4]);
    expect([m.n, m.average, m.successRate, m.quality, m.sou]).toEqual([1, 4, 100, 100, 64]);
  });

  it("a period with no marks measures nothing, and says so", () => {
    const m = subjectMeasures([]);
    expect([m.n, m.average, m.successRate, m.quality, m.sou]).toEqual([0, null, null, null, null]);
    expect(formatMeasure(m.average)).toBe("—");
    expect(subjectMeasures(["exempt", "exempt"]).n).toBe(0);
  });

  it("only н/а: nobody succeeds, СОУ counts н/а as a «1»", () => {
    const m = subjectMeasures(["na", "na"]);
    expect([m.average, m.successRate, m.quality, m.sou]).toEqual([null, 0, 0, 7]);
  });

  it("a pass/fail subject has a success rate and nothing else", () => {
    const m = subjectMeasures(["pass", "pass", "pass", "fail"]);
    expect([m.n, m.successRate, m.quality, m.average, m.sou]).toEqual([4, 75, null, null, null]);
  });
});

describe("class measures", () => {
  const marks = (cells: string) => cells.split(" ").map((c) => parseMark(c) as PeriodMark);
  it("counts students, not marks", () => {
    const m = classMeasures([
      marks("5 5 зач"), // excellent
      marks("4 5 4"), // good
      marks("3 5 4"), // succeeds, not quality
      marks("2 5 5"), // fails
      marks("н/а 4 4"), // fails
      marks("осв осв"), // not counted at all
    ]);
    expect(m.n).toBe(5);
    expect(m.successRate).toBe(60);
    expect(m.quality).toBe(40);
    expect(m.average).toBeCloseTo((10 + 13 + 12 + 12 + 8) / 13, 10);
  });
  it("a «незач» fails the student", () => {
    expect(classMeasures([marks("5 незач")]).successRate).toBe(0);
  });
});

describe("journal cells", () => {
  it("reads what journals write, and refuses the rest", () => {
    expect(parseMark("5")).toBe(5);
    expect(parseMark(" Н/А ")).toBe("na");
    expect(parseMark("осв.")).toBe("exempt");
    expect(parseMark("Зачёт")).toBe("pass");
    expect(parseMark("незач")).toBe("fail");
    expect(parseMark("4,0")).toBe(4);
    expect(parseMark("")).toBeNull();
    expect(parseMark("6")).toEqual({ error: expect.stringContaining("«6» — не отметка") });
    expect(parseMark("4+")).toHaveProperty("error");
  });
});
