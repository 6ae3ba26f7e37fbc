import { beforeAll, describe, expect, it } from "vitest";
import { demoIds } from "../demo-ids";
import { asUser } from "../setup/browser";
import { useDemoServer } from "../setup/demo-server";

let ids: Awaited<ReturnType<typeof demoIds>>;

const demo = useDemoServer("roles", { browser: true });
beforeAll(async () => {
  ids = await demoIds();
});

// Each demo login, where it lands, and what its page says first.
const LANDINGS: [string, RegExp, string][] = [
  ["admin", /\/home$/, "Здравствуйте, Ирина Викторовна"],
  ["klass5a", /\/home$/, "Здравствуйте, Марина Сергеевна"],
  ["teacher", /\/home$/, "Здравствуйте, Дмитрий Андреевич"],
  ["psychologist", /\/home$/, "Здравствуйте, Анна Петровна"],
  ["archivist", /\/home$/, "Здравствуйте, Галина Ивановна"],
  ["parent", /\/family$/, "Мои дети"],
  ["student", /\/family\/[a-f0-9]{24}$/, ""],
  ["municipal", /\/municipal$/, "Показатели школ"],
];

describe("each demo role in Chromium", () => {
  for (const [login, landing, heading] of LANDINGS) {
    it(`${login} signs in and lands on their own start page`, async () => {
      await asUser(demo.browser, demo.server.url, login, async (page) => {
        expect(page.url()).toMatch(landing);
        // Remix moves the address before it renders the new page: wait for the page itself.
        await expect.poll(() => page.locator("h1").first().textContent()).toContain(heading);
        await expect.poll(() => page.locator("h1").first().textContent()).not.toBe("Вход");
      });
    });
  }

  it("a parent who edits the URL to another child gets «not found» and no name", async () => {
    await asUser(demo.browser, demo.server.url, "parent", async (page) => {
      await page.click(`a[href="/family/${ids.childA}"]`);
      await page.waitForURL(`**/family/${ids.childA}`);
      const own = await page.locator("h1").textContent();
      expect(own).toBeTruthy();
      const response = await page.goto(`${demo.server.url}/family/${ids.childB}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("Страница не найдена");
      const staff = await page.goto(`${demo.server.url}/students/${ids.childA}`);
      expect(staff?.status()).toBe(404);
    });
  });

  it("a student who opens a staff address sees only «not found»", async () => {
    await asUser(demo.browser, demo.server.url, "student", async (page) => {
      for (const address of ["/classes", "/students", `/classes/${ids.class5a}`, "/admin/users", "/admin/audit"]) {
        const response = await page.goto(demo.server.url + address);
        expect(response?.status(), address).toBe(404);
        expect(await page.locator("main").textContent()).not.toMatch(/5А|Кузнецова/);
      }
    });
  });
});
