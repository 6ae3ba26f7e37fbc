// The school's thresholds are settings: changing them changes who is in the risk group.
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { SchoolModel } from "~models/school.server";
import { followRedirect, get, pageText, post, signInHttp } from "./setup/http";
import { useDemoServer } from "./setup/demo-server";

let admin: string;
const demo = useDemoServer("settings");
beforeAll(async () => {
  admin = await signInHttp(demo.server.url, "admin");
});

const rows = async () => ((await (await get(demo.server.url, "/risk", admin)).text()).match(/<tr/g) ?? []).length;
const strict = { intent: "thresholds", failingMarks: "30", absenceShare: "100", absenceLessons: "500", failedWorkPercent: "1", failedWorks: "30", lowUudGroups: "3", maladjustmentNotes: "30", periodMarkMinCurrent: "3" };

describe("thresholds", () => {
  it("out-of-bounds values are refused, each beside its field, and nothing changes", async () => {
    const bad = await post(demo.server.url, "/admin/settings", { ...strict, failingMarks: "0", absenceShare: "сто" }, admin);
    expect(bad.status).toBe(400);
    const text = pageText(await bad.text());
    expect(text).toContain("От 1 до 30");
    expect(text).toContain("Нужно число");
    expect((await SchoolModel.findOne({ shortName: "МБОУ «СОШ № 17»" }).lean<{ settings: { thresholds?: object } }>())!.settings.thresholds ?? {}).toEqual({});
  });

  it("stricter thresholds shrink the risk group; the change is logged", async () => {
    const before = await rows();
    expect(before).toBeGreaterThan(1);
    const saved = await post(demo.server.url, "/admin/settings", strict, admin);
    expect(saved.status).toBe(302);
    expect(pageText(await (await followRedirect(demo.server.url, saved, admin)).text())).toContain("Сохранено: группа риска и сводные ведомости считаются по новым порогам.");
    expect(await rows()).toBeLessThan(before);
    expect(pageText(await (await get(demo.server.url, "/risk", admin)).text())).toContain("от 30 отметок");
    expect(await AuditModel.exists({ entity: "settings", action: "update" })).not.toBeNull();
  });
});
