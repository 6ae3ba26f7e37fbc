import { describe, expect, it } from "vitest";
import { suggestCredit, type CreditEvidence } from "./credit-rules";
import { type CreditRule } from "~models/vocabulary/credits";

const REGIONAL_PRIZE: CreditRule = { name: "Призёры регионального этапа ВсОШ", kinds: ["olympiad"], minLevel: "regional", results: ["winner", "prizewinner"], mark: "5", act: "Положение о зачёте, п. 3.4", active: true };
const olympiad = (stage: string, status: string, subject: string, over: Partial<CreditEvidence> = {}): CreditEvidence => ({
  id: "a",
  kind: "olympiad",
  status: "verified",
  academicYear: "2025/2026",
  title: `ВсОШ, ${stage} этап, ${subject}`,
  details: { olympiadType: "vsosh", stage, status, subject },
  ...over,
});

describe("credit suggestions from the school's rules", () => {
  it("a regional prize-winner in the subject is suggested «5», showing the rule", () => {
    const s = suggestCredit([REGIONAL_PRIZE], [olympiad("regional", "prizewinner", "математика")], "Математика", "2025/2026");
    expect(s?.mark).toBe("5");
    expect(s?.explanation).toContain("Положение о зачёте, п. 3.4");
  });

  it("nothing for another subject, a lower stage, a participant, another year, an unverified result or an inactive rule", () => {
    const none = (a: CreditEvidence, rules = [REGIONAL_PRIZE]) => suggestCredit(rules, [a], "Математика", "2025/2026");
    expect(none(olympiad("regional", "prizewinner", "физика"))).toBeNull();
    expect(none(olympiad("municipal", "winner", "математика"))).toBeNull();
    expect(none(olympiad("regional", "participant", "математика"))).toBeNull();
    expect(none(olympiad("regional", "winner", "математика", { academicYear: "2024/2025" }))).toBeNull();
    expect(none(olympiad("regional", "winner", "математика", { status: "submitted" }))).toBeNull();
    expect(none(olympiad("regional", "winner", "математика"), [{ ...REGIONAL_PRIZE, active: false }])).toBeNull();
  });

  it("the best mark wins when several rules apply", () => {
    const pass: CreditRule = { ...REGIONAL_PRIZE, name: "Участники", results: ["participant", "winner", "prizewinner"], minLevel: "school", mark: "зач" };
    expect(suggestCredit([pass, REGIONAL_PRIZE], [olympiad("final", "winner", "математика")], "математика", "2025/2026")?.mark).toBe("5");
  });
});
