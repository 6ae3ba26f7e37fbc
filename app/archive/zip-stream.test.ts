import crypto from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readZip } from "../../tests/pdf";
import { ZipStream } from "./zip-stream.server";

describe("the archive's ZIP", () => {
  it("keeps files at hand as they are, in stored blocks of any count (none, one, one full, one past), beside deflated ones", async () => {
    const sizes = [0, 1, 65_535, 65_536, 200_000];
    const files = sizes.map((size, i) => ({ name: `files/Ёжиков-О'Нил/скан ${i}.jpg`, bytes: crypto.randomBytes(size) }));
    const written: Buffer[] = [];
    const zip = new ZipStream(async (bytes) => void written.push(Buffer.from(bytes)), new Date("2026-06-30T00:00:00Z"));
    await zip.addEntry("data/записи.ndjson", Readable.from(['{"фамилия":"Ёлкина"}\n'.repeat(1000)]));
    for (const file of files) await zip.addStored(file.name, file.bytes);
    await zip.finish();

    const entries = await readZip(Buffer.concat(written));
    expect(entries.map((e) => e.name)).toEqual(["data/записи.ndjson", ...files.map((f) => f.name)]);
    expect(entries[0].bytes.toString()).toBe('{"фамилия":"Ёлкина"}\n'.repeat(1000));
    expect(entries[0].compressedSize).toBeLessThan(1000);
    files.forEach((file, i) => {
      expect(entries[i + 1].bytes.equals(file.bytes)).toBe(true);
      // Five bytes of framing per block of at most 65,535 (one empty block for an empty file).
      expect(entries[i + 1].compressedSize).toBe(file.bytes.length + 5 * Math.max(1, Math.ceil(file.bytes.length / 65_535)));
    });
  });
});
