import { describe, expect, it } from "vitest";
import { innChecksumOk, ogrnChecksumOk } from "./requisites";

describe("registration numbers", () => {
  it("ИНН of an organisation: the check digit agrees", () => {
    // Real numbers of public organisations: Сбербанк, Яндекс.
    expect(innChecksumOk("7707083893")).toBe(true);
    expect(innChecksumOk("7736207543")).toBe(true);
    expect(innChecksumOk("7707083894")).toBe(false);
    expect(innChecksumOk("770708389")).toBe(false);
    expect(innChecksumOk("770708389a")).toBe(false);
  });

  it("ОГРН: the check digit agrees", () => {
    expect(ogrnChecksumOk("1027700132195")).toBe(true);
    expect(ogrnChecksumOk("1027700229193")).toBe(true);
    expect(ogrnChecksumOk("1027700132196")).toBe(false);
    expect(ogrnChecksumOk("102770013219")).toBe(false);
  });
});
