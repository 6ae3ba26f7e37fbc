// Every route that takes a form × every demo login and anonymous, sent bodies that no page of the
// registry sends (generated, not listed by hand): wrong content types, bracketed field names,
// bytes that are not UTF-8, broken or truncated multipart, compressed bodies. Each gets a 4xx (or,
// for someone not signed in, the way to the sign-in page) with a Russian message; the server stays
// up and the database is unchanged.
import { gzipSync } from "node:zlib";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { AuditModel } from "~models/audit.server";
import { demoIds } from "./demo-ids";
import { LOGINS, ROUTES, type Ids, type Login } from "./route-table";
import { useDemoServer } from "./setup/demo-server";
import { signInHttp } from "./setup/http";
import { projectRoot } from "./setup/server";

interface Body {
  label: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | string)[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
/** Names the pages do use, so that a malformed body reaches the code that reads them. */
const realName = fc.constantFrom("login", "password", "intent", "kind", "status", "sections", "reason", "title", "roles", "period", "code", "current");
const bracketKey = fc.oneof(fc.constantFrom("$ne", "$gt", "$where", "0", "", "__proto__", "constructor"), fc.string({ maxLength: 8 }));
const bracketedName = fc.tuple(realName, bracketKey, fc.boolean()).map(([name, key, nested]) => (nested ? `${name}[${key}][x]` : `${name}[${key}]`));
const badPercent = fc.constantFrom("%FF", "%FE%C0", "%C3%28", "%E2%82", "%ED%A0%80", "%", "%G1");
/** 20 MB of zeros in 20 KB: a server that unpacked bodies would fill its memory. */
const BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024));
const boundary = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/);

function multipart(b: string, fields: [string, Uint8Array | string][], close = true) {
  const parts = fields.map(([name, value]) => concat(`--${b}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n`, value, "\r\n"));
  return concat(...parts, close ? `--${b}--\r\n` : "");
}

const malformedBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .record({
      type: fc.constantFrom("application/json", "text/plain", "application/xml", "text/xml", "application/octet-stream", "text/html", "image/png"),
      body: fc.oneof(fc.json().map(utf8), fc.string({ minLength: 1 }).map(utf8), fc.uint8Array({ minLength: 1, maxLength: 400 })),
    })
    .map(({ type, body }) => ({ label: `content type ${type}`, headers: { "Content-Type": type }, bytes: body })),
  fc
    .record({ name: bracketedName, value: fc.string(), extra: fc.array(fc.tuple(realName, fc.string()), { maxLength: 3 }) })
    .map(({ name, value, extra }) => ({
      label: `form field ${name}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      bytes: utf8(new URLSearchParams([...extra, [name, value]]).toString()),
    })),
  fc
    .record({ name: realName, bad: badPercent, before: fc.string({ maxLength: 10 }) })
    .map(({ name, bad, before }) => ({
      label: `percent-encoding ${bad}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      bytes: utf8(`${name}=${encodeURIComponent(before)}${bad}`),
    })),
  fc
    .record({ name: realName, raw: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => a.map((byte) => 0xf8 | byte)) })
    .map(({ name, raw }) => ({ label: "raw bytes that are never UTF-8", headers: { "Content-Type": "application/x-www-form-urlencoded" }, bytes: concat(`${name}=`, raw) })),
  fc
    .record({ b: boundary, name: bracketedName, value: fc.string() })
    .map(({ b, name, value }) => ({ label: `multipart field ${name}`, headers: { "Content-Type": `multipart/form-data; boundary=${b}` }, bytes: multipart(b, [[name, value]]) })),
  fc
    .record({ b: boundary, name: realName, raw: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => a.map((byte) => 0xf8 | byte)) })
    .map(({ b, name, raw }) => ({ label: "multipart value not UTF-8", headers: { "Content-Type": `multipart/form-data; boundary=${b}` }, bytes: multipart(b, [[name, raw]]) })),
  fc
    .record({ b: boundary, other: boundary, name: realName, value: fc.string(), cut: fc.nat() })
    .chain(({ b, other, name, value, cut }) =>
      fc.constantFrom<Body>(
        { label: "multipart without boundary", headers: { "Content-Type": "multipart/form-data" }, bytes: multipart(b, [[name, value]]) },
        { label: "multipart with another boundary", headers: { "Content-Type": `multipart/form-data; boundary=${other}x` }, bytes: multipart(b, [[name, value]]) },
        {
          label: "multipart cut short",
          headers: { "Content-Type": `multipart/form-data; boundary=${b}` },
          bytes: (() => {
            const whole = multipart(b, [[name, value]], false);
            return whole.subarray(0, Math.max(1, cut % whole.length));
          })(),
        },
      ),
    ),
  fc
    .record({ type: fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data; boundary=x"), encoding: fc.constantFrom("gzip", "deflate", "br") })
    .map(({ type, encoding }) => ({ label: `${encoding} bomb`, headers: { "Content-Type": type, "Content-Encoding": encoding }, bytes: BOMB })),
);

/** Every route that takes a form, with the first page of it the table knows; «Выйти» takes no fields. */
const FORM_ROUTES = fs
  .readdirSync(path.join(projectRoot, "app", "routes"))
  .filter((file) => /export async function action/.test(fs.readFileSync(path.join(projectRoot, "app", "routes", file), "utf8")))
  .map((file) => file.replace(/\.tsx?$/, ""))
  .filter((name) => name !== "logout");

const demo = useDemoServer("fuzz");
let ids: Ids;
const cookies = new Map<Login, string | undefined>();

/**
 * The documents of every collection. A refused form shows its page again with the message, and
 * showing a record is a logged read: the audit log's reads are left out, its changes are not.
 */
async function countAll(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    counts[name] = await db.collection(name).countDocuments(name === AuditModel.collection.collectionName ? { action: { $ne: "read" } } : {});
  }
  return counts;
}

beforeAll(async () => {
  ids = await demoIds();
  cookies.set("anonymous", undefined);
  for (const login of LOGINS) cookies.set(login, await signInHttp(demo.server.url, login));
});

describe("malformed bodies", () => {
  it("takes forms on the routes the access table lists", () => {
    expect(FORM_ROUTES.length).toBeGreaterThanOrEqual(25);
    for (const route of FORM_ROUTES) expect(ROUTES[route], route).toBeDefined();
  });

  it("never get a 5xx, never stop the server, never write", async () => {
    const before = await countAll();
    for (const route of FORM_ROUTES) {
      const url = `${demo.server.url}${ROUTES[route][0].path(ids)}`;
      for (const login of ["anonymous", ...LOGINS] as Login[]) {
        await fc.assert(
          fc.asyncProperty(malformedBody, async (body) => {
            const response = await fetch(url, {
              method: "POST",
              redirect: "manual",
              headers: { ...body.headers, Origin: demo.server.url, ...(cookies.get(login) ? { Cookie: cookies.get(login)! } : {}) },
              body: Buffer.from(body.bytes),
            });
            const text = await response.text();
            // Someone not signed in may be sent to the sign-in page first; everyone else is refused.
            const refused = response.status >= 400 && response.status < 500;
            const toSignIn = login === "anonymous" && response.status === 302 && (response.headers.get("location") ?? "").startsWith("/login");
            expect(refused || toSignIn, `${login} ${route} ${body.label}: ${response.status}`).toBe(true);
            expect(toSignIn || /[а-яё]/i.test(text), `${login} ${route} ${body.label}: no Russian message`).toBe(true);
          }),
          { numRuns: 8 },
        );
      }
      const health = await fetch(`${demo.server.url}/healthz`);
      expect(health.status, `the server after ${route}`).toBe(200);
    }
    expect(await countAll()).toEqual(before);
    // Nothing reached the error log: every refusal was foreseen.
    expect(demo.server.output()).not.toMatch(/\[запрос [0-9a-f]+\]/);
  }, 600_000);
});
