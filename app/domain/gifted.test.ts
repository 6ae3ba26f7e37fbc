import { describe, expect, it } from "vitest";
import type { Details, Kind } from "~models/vocabulary/achievement-kinds";
import { checkAchievement, giftedEligibility, parseListLevel, type GiftedAchievement } from "./gifted";
import { type GiftedListEntry } from "~models/vocabulary/gifted";

const LIST_2026: GiftedListEntry[] = [
  { event: "Всероссийская олимпиада школьников", organiser: "Минпросвещения России", profile: "", level: "regional", act: "Приказ Минпросвещения России о перечне на 2025/2026 уч. год" },
  { event: "Олимпиада «Высшая проба»", organiser: "НИУ ВШЭ", profile: "математика", level: "", act: "Перечень олимпиад, № 12" },
  { event: "Конкурс «Большие вызовы»", organiser: "Фонд «Талант и успех»", profile: "", level: "federal", act: "Перечень конкурсов, № 3" },
];

let n = 0;
const achievement = (kind: Kind, details: Details, over: Partial<GiftedAchievement> = {}): GiftedAchievement => ({
  id: String(++n),
  kind,
  status: "verified",
  academicYear: "2025/2026",
  title: "—",
  details,
  ...over,
});
const vsosh = (stage: string, status: string, subject = "математика") => achievement("olympiad", { olympiadType: "vsosh", stage, subject, status });

describe("ГИР eligibility", () => {
  it("a winner of a listed event qualifies, with the entry and its act", () => {
    const verdict = checkAchievement(vsosh("regional", "winner"), "2025/2026", LIST_2026);
    expect(verdict.qualifies).toBe(true);
    expect(verdict.entry?.act).toContain("о перечне на 2025/2026");
  });

  it("a prize-winner of a listed event qualifies", () => {
    const listed = achievement("olympiad", { olympiadType: "listed", title: "Высшая проба", listLevel: "2", subject: "Математика", status: "prizewinner" });
    expect(checkAchievement(listed, "2025/2026", LIST_2026).qualifies).toBe(true);
  });

  it("a participant does not, and is told why", () => {
    const verdict = checkAchievement(vsosh("regional", "participant"), "2025/2026", LIST_2026);
    expect(verdict).toMatchObject({ qualifies: false });
    expect(verdict.reason).toContain("только победителей и призёров");
  });

  it("an unverified achievement does not", () => {
    const verdict = checkAchievement(vsosh("regional", "winner"), "2025/2026", LIST_2026);
    const unverified = checkAchievement({ ...vsosh("regional", "winner"), status: "submitted" }, "2025/2026", LIST_2026);
    expect(verdict.qualifies).toBe(true);
    expect(unverified.qualifies).toBe(false);
    expect(unverified.reason).toContain("не подтверждено");
  });

  it("last year's list does not make this year's result count, nor last year's result this year", () => {
    const thisYear = vsosh("regional", "winner");
    expect(checkAchievement(thisYear, "2025/2026", null).reason).toContain("перечень мероприятий на 2025/2026 учебный год не загружен");
    const lastYear = { ...vsosh("regional", "winner"), academicYear: "2024/2025" };
    const verdict = checkAchievement(lastYear, "2025/2026", LIST_2026);
    expect(verdict.qualifies).toBe(false);
    expect(verdict.reason).toContain("2024/2025 учебного года");
  });

  it("an event not on the list, too low a stage or another profile does not, each with its reason", () => {
    expect(checkAchievement(achievement("contest", { title: "Конкурс рисунков «Мой край»", level: "regional", status: "winner" }), "2025/2026", LIST_2026).reason).toContain("нет в перечне");
    expect(checkAchievement(vsosh("municipal", "winner"), "2025/2026", LIST_2026).reason).toContain("начиная с уровня «региональный»");
    const physics = achievement("olympiad", { olympiadType: "listed", title: "Высшая проба", listLevel: "1", subject: "физика", status: "winner" });
    expect(checkAchievement(physics, "2025/2026", LIST_2026).reason).toContain("только по профилям: математика");
  });

  it("names match regardless of case, «ё» and quotes", () => {
    const contest = achievement("contest", { title: "конкурс БОЛЬШИЕ ВЫЗОВЫ", level: "federal", status: "prizewinner" });
    expect(checkAchievement(contest, "2025/2026", LIST_2026).qualifies).toBe(true);
  });

  it("a student qualifies when one result does; other kinds are not considered", () => {
    const result = giftedEligibility(
      [vsosh("school", "winner"), vsosh("final", "prizewinner", "физика"), achievement("gto", { badge: "gold", stage: 5 })],
      "2025/2026",
      LIST_2026,
    );
    expect(result.qualifies).toBe(true);
    expect(result.verdicts).toHaveLength(2);
    expect(result.verdicts[0].qualifies).toBe(true);
  });

  it("reads the levels a list writes", () => {
    expect(parseListLevel("Региональный этап")).toBe("regional");
    expect(parseListLevel("заключительный этап")).toBe("federal");
    expect(parseListLevel("")).toBe("");
    expect(parseListLevel("высший")).toBeNull();
  });
});
