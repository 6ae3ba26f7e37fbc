import { describe, expect, it } from "vitest";
import { assessRisk, periodMarkJustified, type RiskInput } from "./risk";
import { RISK_DEFAULTS, THRESHOLD_DEFAULTS, thresholdsFrom } from "~models/vocabulary/thresholds";

const calm: RiskInput = {
  periodMarks: [{ subject: "Математика", mark: 4 }, { subject: "Русский язык", mark: 5 }],
  overallDirection: "stable",
  unexcusedAbsences: 0,
  lessons: 200,
  works: [],
  uud: [{ group: "регулятивные", level: "basic" }],
  maladjustmentNotes: 0,
  manual: [],
};
const criteria = (input: Partial<RiskInput>) => assessRisk({ ...calm, ...input }).map((r) => r.criterion);

describe("risk criteria, each at its threshold", () => {
  it("a student with nothing wrong is not at risk", () => expect(assessRisk(calm)).toEqual([]));

  it("systematic failure: a «2» without positive dynamics fires, with the subject named", () => {
    const reasons = assessRisk({ ...calm, periodMarks: [{ subject: "Математика", mark: 2 }] });
    expect(reasons.map((r) => r.criterion)).toEqual(["failure"]);
    expect(reasons[0].evidence).toContain("Математика: 2");
    expect(criteria({ periodMarks: [{ subject: "Физика", mark: "na" }], overallDirection: "falling" })).toEqual(["failure"]);
  });
  it("…but not when the average is rising", () => expect(criteria({ periodMarks: [{ subject: "Математика", mark: 2 }], overallDirection: "rising" })).toEqual([]));

  it("unexcused absences: 10 % of lessons fires, just under does not", () => {
    expect(criteria({ unexcusedAbsences: 20, lessons: 200 })).toEqual(["absences"]);
    expect(criteria({ unexcusedAbsences: 19, lessons: 200 })).toEqual([]);
    expect(assessRisk({ ...calm, unexcusedAbsences: 20, lessons: 200 })[0].evidence).toBe("20 из 200 уроков (10 %; порог 10 %)");
    expect(criteria({ unexcusedAbsences: RISK_DEFAULTS.absenceLessons, lessons: null })).toEqual(["absences"]);
    expect(criteria({ unexcusedAbsences: RISK_DEFAULTS.absenceLessons - 1, lessons: null })).toEqual([]);
  });

  it("gaps: two failed works fire, one does not; under 50 % of points is a failed work", () => {
    const two = [{ title: "Контрольная по алгебре", mark: 2, percent: null }, { title: "ВПР (диагностика)", mark: null, percent: 42 }];
    expect(criteria({ works: two })).toEqual(["gaps"]);
    expect(criteria({ works: two.slice(0, 1) })).toEqual([]);
    expect(criteria({ works: [two[0], { title: "Диагностика", mark: null, percent: 50 }] })).toEqual([]);
  });

  it("metasubject skills: a «низкий» УУД level fires", () => {
    expect(criteria({ uud: [{ group: "коммуникативные", level: "low" }] })).toEqual(["uud"]);
  });

  it("maladjustment and staff judgement fire with their evidence", () => {
    expect(criteria({ maladjustmentNotes: 1 })).toEqual(["maladjustment"]);
    const manual = assessRisk({ ...calm, manual: [{ reason: "конфликт в классе", by: "Белова А. П." }] });
    expect(manual[0].evidence).toBe("конфликт в классе (Белова А. П.)");
  });

  it("thresholds are the school's settings", () => {
    expect(assessRisk({ ...calm, unexcusedAbsences: 10, lessons: 200 }, { ...RISK_DEFAULTS, absenceShare: 0.05 }).map((r) => r.criterion)).toEqual(["absences"]);
  });
});

describe("period marks backed by current marks (seed 001)", () => {
  it("needs three current marks by default", () => {
    expect(periodMarkJustified(3)).toBe(true);
    expect(periodMarkJustified(2)).toBe(false);
    expect(periodMarkJustified(2, 2)).toBe(true);
  });
});

describe("the school's thresholds", () => {
  it("take stored values within bounds and fall back to the written defaults otherwise", async () => {
    expect(thresholdsFrom(undefined)).toEqual(THRESHOLD_DEFAULTS);
    const t = thresholdsFrom({ failingMarks: 2, absenceShare: 0.25, failedWorks: 0, periodMarkMinCurrent: "5", lowUudGroups: 99 });
    expect(t.failingMarks).toBe(2);
    expect(t.absenceShare).toBe(0.25);
    expect(t.failedWorks).toBe(THRESHOLD_DEFAULTS.failedWorks);
    expect(t.periodMarkMinCurrent).toBe(THRESHOLD_DEFAULTS.periodMarkMinCurrent);
    expect(t.lowUudGroups).toBe(THRESHOLD_DEFAULTS.lowUudGroups);
  });
});
