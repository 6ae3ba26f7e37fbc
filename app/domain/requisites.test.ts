import { describe, expect, it } from "vitest";
import { innChecksumOk, ogrnChecksumOk, snilsChecksumOk } from "./requisites";

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

  it("СНИЛС: the check number agrees, the 100 and 101 cases read 00", () => {
    // The Pension Fund's own example: 112-233-445 95.
    expect(snilsChecksumOk("11223344595")).toBe(true);
    expect(snilsChecksumOk("11223344594")).toBe(false);
    // 001-019-989: the weighted sum is exactly 100, which reads 00.
    expect(snilsChecksumOk("00101998900")).toBe(true);
    expect(snilsChecksumOk("00101998901")).toBe(false);
    expect(snilsChecksumOk("1122334459")).toBe(false);
  });
});
