import crypto from "node:crypto";
import mongoose, { type Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../tests/setup/database";
import { storedFiles } from "./archive-collections.server";

useTestDatabase();

const BUCKET = "testfiles";
const CHUNK = 1024;

async function store(bytes: Buffer): Promise<Types.ObjectId> {
  const bucket = new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: BUCKET, chunkSizeBytes: CHUNK });
  const upload = bucket.openUploadStream("f");
  await new Promise((resolve, reject) => upload.once("finish", resolve).once("error", reject).end(bytes));
  return upload.id as Types.ObjectId;
}

async function* listed<T>(items: T[]) {
  yield* items;
}

/** Every file of `records` read in order, as the archive reads them. */
async function readAll(records: { gridFsId: Types.ObjectId; size: number }[]) {
  const out: Buffer[] = [];
  for await (const file of storedFiles(BUCKET, listed(records), (r) => r)) out.push(await file.read());
  return out;
}

describe("the archive's reading of stored files, several to a round trip", () => {
  it("gives each file whole, in order: empty, one chunk exactly, one byte more, a big one alone, the same file twice", async () => {
    const sizes = [0, CHUNK, CHUNK + 1, 5 * 1024 * 1024, 10, 3 * CHUNK - 7, 1, 2, 3, 4, 5];
    const contents = sizes.map((n) => crypto.randomBytes(n));
    const ids = await Promise.all(contents.map(store));
    const records = ids.map((gridFsId, i) => ({ gridFsId, size: sizes[i] }));
    records.splice(5, 0, records[4]); // one file named by two records
    contents.splice(5, 0, contents[4]);
    const read = await readAll(records);
    expect(read.map((b) => b.length)).toEqual(contents.map((b) => b.length));
    read.forEach((bytes, i) => expect(bytes.equals(contents[i]), `file ${i}`).toBe(true));
  });

  it("refuses a file with a part missing, a part of the wrong size, or no entry, naming it", async () => {
    const chunks = mongoose.connection.db!.collection(`${BUCKET}.chunks`);
    const missing = await store(crypto.randomBytes(3 * CHUNK));
    await chunks.deleteOne({ files_id: missing, n: 1 });
    await expect(readAll([{ gridFsId: missing, size: 3 * CHUNK }])).rejects.toThrow(`файл ${String(missing)}: повреждён в хранилище: на месте его части 1 — часть 2`);

    // Read in one group with sound files, only the damaged one fails: the files before it come whole.
    const sound = await Promise.all([store(crypto.randomBytes(10)), store(crypto.randomBytes(20))]);
    const group = storedFiles(BUCKET, listed([...sound, missing].map((gridFsId) => ({ gridFsId, size: 3 * CHUNK }))), (r) => r);
    const outcomes: string[] = [];
    for await (const file of group) outcomes.push(await file.read().then((bytes) => `${bytes.length}`, (error: Error) => error.message));
    expect(outcomes).toEqual(["10", "20", `файл ${String(missing)}: повреждён в хранилище: на месте его части 1 — часть 2`]);

    // The right total, but a short part then a long one.
    const reshaped = await store(crypto.randomBytes(2 * CHUNK));
    await chunks.updateOne({ files_id: reshaped, n: 0 }, { $set: { data: new mongoose.mongo.Binary(crypto.randomBytes(CHUNK - 1)) } });
    await chunks.updateOne({ files_id: reshaped, n: 1 }, { $set: { data: new mongoose.mongo.Binary(crypto.randomBytes(CHUNK + 1)) } });
    await expect(readAll([{ gridFsId: reshaped, size: 2 * CHUNK }])).rejects.toThrow("часть 0 не того размера");

    const nowhere = new mongoose.Types.ObjectId();
    await expect(readAll([{ gridFsId: nowhere, size: 1 }])).rejects.toThrow(`файл ${String(nowhere)}: отсутствует в хранилище`);
  });
});
