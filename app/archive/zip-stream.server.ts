// A ZIP written as a stream that can be continued: each entry is deflated (one compressed already — a
// photo, a PDF — kept as it is, in deflate's stored blocks) with its sizes and CRC in a data
// descriptor after the data, and the central directory is made at the end from the records
// kept in `state()`. An export cut off after an entry goes on from that state, writing the same
// bytes an uninterrupted export would. Readers (yauzl, unzip, Windows) take it as any ZIP.
// Limits of the classic format, checked: under 4 GiB and 65,535 entries.
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { RefusedByRule } from "~/http/refusals";

export interface ZipRecord {
  path: string;
  crc32: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export interface ZipState {
  offset: number;
  records: ZipRecord[];
}

const LIMIT = 0xffffffff;
/** The most a stored deflate block holds. */
const STORED_BLOCK = 0xffff;
/** Bit 3: sizes in a data descriptor; bit 11: names in UTF-8. */
const FLAGS = 0x0808;

/** MS-DOS time and date of a moment (local fields taken as UTC, as yazl does for a fixed mtime). */
export function dosDateTime(at: Date) {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  return { time, date };
}

/** Past a limit of the classic format: refused, as no reader would take such a file. */
const tooLarge = (what: string) => new RefusedByRule(`${what}: такой архив в одном файле не сохраняется.`);

export class ZipStream {
  private offset: number;
  private readonly records: ZipRecord[];
  private readonly stamp: { time: number; date: number };

  /** `write` takes the bytes in order and resolves once it has taken them. */
  constructor(
    private readonly write: (bytes: Buffer) => Promise<void>,
    mtime: Date,
    state: ZipState = { offset: 0, records: [] },
  ) {
    this.offset = state.offset;
    this.records = state.records.map((r) => ({ ...r }));
    this.stamp = dosDateTime(mtime);
  }

  /** Where the next entry starts and the entries written so far: enough to go on later. */
  state(): ZipState {
    return { offset: this.offset, records: this.records.map((r) => ({ ...r })) };
  }

  private async put(bytes: Buffer) {
    await this.write(bytes);
    this.offset += bytes.length;
  }

  /** An entry's local header; where the entry starts. */
  private async startEntry(path: string) {
    if (this.records.length >= 0xffff) throw tooLarge("В архиве больше 65 535 файлов");
    const name = Buffer.from(path, "utf8");
    const start = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes (14–25) stay zero: the data descriptor carries them.
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    await this.put(Buffer.concat([header, name]));
    return start;
  }

  /** The data descriptor after an entry's data, and its record for the central directory. */
  private async endEntry(entry: ZipRecord) {
    const { crc32, compressedSize, size } = entry;
    if (size >= LIMIT || compressedSize >= LIMIT || this.offset >= LIMIT) throw tooLarge("Архив больше 4 ГБ");
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc32, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.put(descriptor);
    this.records.push(entry);
  }

  /** An entry deflated as it streams in (the records' NDJSON). */
  async addEntry(path: string, source: Readable): Promise<void> {
    const start = await this.startEntry(path);
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    const deflate = zlib.createDeflateRaw({ level: zlib.constants.Z_BEST_SPEED });
    const feeding = (async () => {
      for await (const chunk of source) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        crc = zlib.crc32(bytes, crc);
        size += bytes.length;
        if (!deflate.write(bytes)) await new Promise((resolve) => deflate.once("drain", resolve));
      }
      deflate.end();
    })();
    feeding.catch((error) => deflate.destroy(error as Error));
    try {
      for await (const compressed of deflate) {
        compressedSize += (compressed as Buffer).length;
        await this.put(compressed as Buffer);
      }
      await feeding;
    } catch (error) {
      // Stopped (or the output failed): nothing more is read from the source.
      source.destroy();
      deflate.destroy();
      throw error;
    }
    await this.endEntry({ path, crc32: crc >>> 0, compressedSize, size, offset: start });
  }

  /**
   * Bytes at hand kept as they are (deflating a JPEG or a PDF again costs time and saves nothing):
   * in deflate's stored blocks, as zlib at level 0 would frame them but without a zlib stream for
   * each file — still method 8 with a data descriptor, which every reader (streaming ones too) takes.
   */
  async addStored(path: string, bytes: Buffer): Promise<void> {
    const start = await this.startEntry(path);
    let compressedSize = 0;
    for (let at = 0; ; at += STORED_BLOCK) {
      const length = Math.min(STORED_BLOCK, bytes.length - at);
      const last = at + length >= bytes.length;
      const head = Buffer.alloc(5);
      head[0] = last ? 1 : 0; // BFINAL, and BTYPE 00: stored
      head.writeUInt16LE(length, 1);
      head.writeUInt16LE(~length & 0xffff, 3);
      const block = Buffer.concat([head, bytes.subarray(at, at + length)]);
      compressedSize += block.length;
      await this.put(block);
      if (last) break;
    }
    await this.endEntry({ path, crc32: zlib.crc32(bytes) >>> 0, compressedSize, size: bytes.length, offset: start });
  }

  /** The central directory and its end record: the ZIP is complete. */
  async finish(): Promise<void> {
    const directoryStart = this.offset;
    for (const record of this.records) {
      const name = Buffer.from(record.path, "utf8");
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(FLAGS, 8);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt16LE(this.stamp.time, 12);
      entry.writeUInt16LE(this.stamp.date, 14);
      entry.writeUInt32LE(record.crc32, 16);
      entry.writeUInt32LE(record.compressedSize, 20);
      entry.writeUInt32LE(record.size, 24);
      entry.writeUInt16LE(name.length, 28);
      // extra, comment, disk, internal attributes: zero
      entry.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      entry.writeUInt32LE(record.offset, 42);
      await this.put(Buffer.concat([entry, name]));
    }
    const directorySize = this.offset - directoryStart;
    if (this.offset >= LIMIT) throw tooLarge("Архив больше 4 ГБ");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.records.length, 8);
    end.writeUInt16LE(this.records.length, 10);
    end.writeUInt32LE(directorySize, 12);
    end.writeUInt32LE(directoryStart, 16);
    await this.put(end);
  }
}
