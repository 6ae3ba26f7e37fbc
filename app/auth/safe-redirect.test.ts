import { describe, expect, it } from "vitest";
import { safeRedirect } from "./session.server";

describe("where sign-in may send a person back to", () => {
  it("keeps a path of this site", () => {
    expect(safeRedirect("/students?q=Ёлкин#x", "/")).toBe("/students?q=%D0%81%D0%BB%D0%BA%D0%B8%D0%BD#x");
    expect(safeRedirect("/classes", "/")).toBe("/classes");
  });
  it.each(["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example", "javascript:alert(1)", "", null])("refuses %j", (to) => {
    expect(safeRedirect(to as string, "/start")).toBe("/start");
  });
});
