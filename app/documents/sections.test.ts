import { describe, expect, it } from "vitest";
import { KIND_CODES } from "~models/vocabulary/achievement-kinds";
import { PORTFOLIO_SECTIONS, SECTION_CODES, sectionOf } from "./sections";

describe("portfolio sections", () => {
  it("place every kind of achievement in exactly one section", () => {
    for (const kind of KIND_CODES) {
      const holders = SECTION_CODES.filter((code) => (PORTFOLIO_SECTIONS[code].kinds as readonly string[]).includes(kind));
      expect(holders, kind).toHaveLength(1);
      expect(sectionOf(kind)).toBe(holders[0]);
    }
  });
});
