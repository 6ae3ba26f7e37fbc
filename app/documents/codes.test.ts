import { describe, expect, it } from "vitest";
import { newVerificationCode, normaliseCode } from "./codes.server";

describe("verification codes", () => {
  it("are printed in three groups of four and read back as typed", () => {
    const code = newVerificationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseCode(code)).toBe(code);
    expect(normaliseCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
  });
  it("forgive letters mistaken for digits and refuse what cannot be a code", () => {
    expect(normaliseCode("ABCD-EFGH-JKOl")).toBe("ABCD-EFGH-JK01");
    expect(normaliseCode("ABCD-EFGH-JKU1")).toBeNull();
    expect(normaliseCode("ABCD")).toBeNull();
    expect(normaliseCode("'; DROP TABLE--")).toBeNull();
  });
  it("differ from one document to the next", () => {
    const codes = new Set(Array.from({ length: 1000 }, newVerificationCode));
    expect(codes.size).toBe(1000);
  });
});
