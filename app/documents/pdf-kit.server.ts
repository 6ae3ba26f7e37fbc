// A small layout layer over pdf-lib for the registry's documents: A4 pages, DejaVu Sans embedded
// as a subset (Cyrillic), text that wraps and flows onto new pages, tables, the trajectory chart
// drawn as vectors, a QR code, and page numbers added at the end.
import { EventEmitter } from "node:events";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import zlib from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { PageSizes, PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from "pdf-lib";
import QRCode from "qrcode";
import { chartGeometry } from "~/components/trajectory-geometry";
import { formatDate, formatNumber } from "~/domain/format";
import { signPdf, type DocumentSignature, type StampFacts } from "~/signature/pdf-signature.server";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
// Read once per process: the files are 700 KB each and never change.
let fontBytes: { regular: Buffer; bold: Buffer } | null = null;
const fonts = () =>
  (fontBytes ??= { regular: fs.readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf")), bold: fs.readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")) });

// pdf-lib deflates every content stream and font subset with its own copy of pako, in JavaScript:
// a sixth of a portfolio's time. The same zlib format from Node's native zlib takes a fraction of it
// (level 3: the files come out within a few per cent of the default's size, in half its time).
const DEFLATE = { level: 3 };
const pdfLibPako = createRequire(require.resolve("pdf-lib"))("pako") as { deflate: (data: Uint8Array) => Uint8Array };
pdfLibPako.deflate = (data) => zlib.deflateSync(data, DEFLATE);

export const MM = 72 / 25.4;
const MARGIN = { left: 20 * MM, right: 15 * MM, top: 18 * MM, bottom: 20 * MM };
const INK = rgb(0.11, 0.15, 0.2);
const MUTED = rgb(0.38, 0.42, 0.47);
const RULE = rgb(0.8, 0.82, 0.85);
/** The blue of the electronic signature's stamp, as Russian documents print it. */
const STAMP_INK = rgb(0.12, 0.27, 0.62);

/** How a document is signed when it is finished: by whom, and the moment its signature claims. */
export interface Signing {
  signature: DocumentSignature;
  at: Date;
  /** What is signed («Выписка из портфолио»), shown by PDF readers beside the signature. */
  reason: string;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  muted?: boolean;
  indent?: number;
  /** Space after the paragraph, in points. */
  after?: number;
}

export interface TableColumn {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: "left" | "right" | "center";
  /** Header written bottom to top (many narrow columns: subjects of a class summary). */
  vertical?: boolean;
}

/** A table cell: text, or a small trajectory line like the record page's. */
export type TableCell = string | { spark: (number | null)[] };
const SPARK_HEIGHT = 14;

/** A number as content-stream operators take it: at most three decimals, never an exponent. */
const num = (value: number) => (Math.round(value * 1000) / 1000).toString();
const fill = (c: RGB) => `${num(c.red)} ${num(c.green)} ${num(c.blue)} rg`;
const stroke = (c: RGB) => `${num(c.red)} ${num(c.green)} ${num(c.blue)} RG`;

/** Text a font can draw on one line: control characters and runs of spaces become one space. */
const clean = (text: string) => text.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();

interface FontkitGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
  /** The glyph's outline read from the font file, again at every call. */
  _decode(): unknown;
}
interface FontkitFont {
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(text: string): { glyphs: FontkitGlyph[] };
  createSubset(): FontkitSubset;
  getGlyph(id: number): FontkitGlyph;
}
/** fontkit's subset writes itself into one of its own streams, chunk by chunk, through `push`. */
interface FontkitEncodeStream {
  push(chunk: Uint8Array | null): boolean;
  end(): void;
}
interface FontkitSubset {
  _addGlyph(id: number): number;
  encode(stream: FontkitEncodeStream): void;
  encodeStream(): EventEmitter;
}

/**
 * pdf-lib asks fontkit to shape every string it measures or draws, which costs about a
 * millisecond a line and made a portfolio several times slower than its budget. Russian text
 * needs no shaping (no ligatures, no reordering), so each character maps straight to its glyph,
 * looked up once. The subset and its ToUnicode map are built from the same glyphs as before
 * (tests/documents.test.ts extracts the text back with pdftotext).
 */
function directGlyphs(fontkitFont: FontkitFont) {
  const glyphs = new Map<number, FontkitGlyph>();
  fontkitFont.layout = (text: string) => ({
    glyphs: Array.from(text, (ch) => {
      const codePoint = ch.codePointAt(0)!;
      let glyph = glyphs.get(codePoint);
      if (!glyph) {
        // fontkit keeps one object per glyph and names its characters when it first makes it; a
        // glyph first met as part of another (the «е» inside «ё», when a subset is written) has
        // none, and the PDF's text layer would lose it. Each character gets an object of its own.
        const shared = fontkitFont.glyphForCodePoint(codePoint);
        glyph = Object.create(shared, { codePoints: { value: [codePoint] } }) as FontkitGlyph;
        glyphs.set(codePoint, glyph);
      }
      return glyph;
    }),
  });
}

/**
 * fontkit's browser build hands a subset's bytes over through a stream whose every step waits for a
 * setTimeout (its stand-in for process.nextTick): a few milliseconds of waiting for each font of
 * each document, longer than the subset takes to write. The subset is written at once instead,
 * into the same kind of stream, and its bytes are handed to pdf-lib the way it listens for them.
 */
function subsetsAtOnce(fontkitFont: FontkitFont) {
  const createSubset = fontkitFont.createSubset.bind(fontkitFont);
  // The class of fontkit's own stream, from a subset told to write nothing into it.
  const probe = createSubset();
  probe.encode = () => undefined;
  const EncodeStream = probe.encodeStream().constructor as new () => FontkitEncodeStream;
  fontkitFont.createSubset = () => {
    const subset = createSubset();
    // A subset reads each glyph's outline to find the parts of composite glyphs; the outline of a
    // glyph of a fixed (not variable) font never changes, so it is read once per process.
    const addGlyph = subset._addGlyph.bind(subset);
    subset._addGlyph = (id) => {
      const glyph = fontkitFont.getGlyph(id);
      // Read once: the glyph then has its outline as a `_decode` of its own.
      if (!Object.hasOwn(glyph, "_decode")) {
        const outline = glyph._decode();
        glyph._decode = () => outline;
      }
      return addGlyph(id);
    };
    subset.encodeStream = () => {
      const heard = new EventEmitter();
      setImmediate(() => {
        const chunks: Uint8Array[] = [];
        try {
          const stream = new EncodeStream();
          stream.push = (chunk) => (chunk && chunks.push(chunk), true);
          subset.encode(stream);
          stream.end();
        } catch (error) {
          heard.emit("error", error);
          return;
        }
        for (const chunk of chunks) heard.emit("data", chunk);
        heard.emit("end");
      });
      return heard;
    };
    return subset;
  };
}

/**
 * fontkit as pdf-lib uses it, with each font file parsed once per process: pdf-lib parses the
 * whole font again for every document otherwise. Each document still makes its own subset.
 */
const parsedFonts = new Map<Uint8Array, FontkitFont>();
const cachingFontkit = {
  create(bytes: Uint8Array) {
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = (fontkit as unknown as { create(b: Uint8Array): FontkitFont }).create(bytes);
      directGlyphs(font);
      subsetsAtOnce(font);
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

export class PdfWriter {
  private page!: PDFPage;
  /** The baseline cursor, from the bottom of the page as PDF counts. */
  private y = 0;

  private readonly pageW: number;
  private readonly pageH: number;
  /** Width between the margins. */
  readonly contentW: number;

  private constructor(readonly doc: PDFDocument, private readonly regular: PDFFont, private readonly bold: PDFFont, landscape: boolean) {
    const [w, h] = PageSizes.A4;
    [this.pageW, this.pageH] = landscape ? [h, w] : [w, h];
    this.contentW = this.pageW - MARGIN.left - MARGIN.right;
    this.newPage();
  }

  /**
   * `at` fixes the document's dates (the yearly archive's registers): with it and the fonts'
   * fixed names, the same data gives the same bytes, so an archive made again has the same checksums.
   */
  static async create(info: { title: string; subject: string; author: string; landscape?: boolean; at?: Date }) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(cachingFontkit as unknown as typeof fontkit);
    const [regular, bold] = await Promise.all([
      doc.embedFont(fonts().regular, { subset: true, customName: "DejaVuSans" }),
      doc.embedFont(fonts().bold, { subset: true, customName: "DejaVuSans-Bold" }),
    ]);
    if (info.at) {
      doc.setCreationDate(info.at);
      doc.setModificationDate(info.at);
    }
    doc.setTitle(info.title, { showInWindowTitleBar: true });
    doc.setSubject(info.subject);
    doc.setAuthor(info.author);
    doc.setLanguage("ru-RU");
    doc.setCreator("Реестр достижений");
    doc.setProducer("Реестр достижений (pdf-lib)");
    return new PdfWriter(doc, regular, bold, info.landscape ?? false);
  }

  // Everything a page shows (but the letterhead's logo) goes into its content as plain operators,
  // in drawing order: pdf-lib's drawText, drawLine and drawCircle build a dozen objects and checks per
  // call, and a portfolio draws hundreds of lines, cells and chart points (most of its time). The
  // glyphs still come from the embedded font's encoder, so its subset stays right.
  private readonly operators = new Map<PDFPage, string[]>();
  private readonly resourceNames = new Map<PDFPage, Map<object, string>>();

  private put(page: PDFPage, operator: string) {
    let list = this.operators.get(page);
    if (!list) this.operators.set(page, (list = []));
    list.push(operator);
  }

  /** The page's name for a font or an image, added to its resources once. */
  private resourceName(page: PDFPage, resource: PDFFont | PDFImage) {
    let names = this.resourceNames.get(page);
    if (!names) this.resourceNames.set(page, (names = new Map()));
    let name = names.get(resource);
    if (!name) {
      name = ("encodeText" in resource ? page.node.newFontDictionary(resource.name, resource.ref) : page.node.newXObject("Image", resource.ref)).toString();
      names.set(resource, name);
    }
    return name;
  }

  // A text's glyphs as the content stream writes them, once per font and document: a table repeats
  // its marks and names many times, and the font's subset already holds what it encoded once.
  private readonly encoded = new Map<PDFFont, Map<string, string>>();

  private drawText(page: PDFPage, text: string, o: { x: number; y: number; size: number; font: PDFFont; color: RGB; upright?: boolean }) {
    let ofFont = this.encoded.get(o.font);
    if (!ofFont) this.encoded.set(o.font, (ofFont = new Map()));
    let glyphs = ofFont.get(text);
    if (glyphs === undefined) ofFont.set(text, (glyphs = o.font.encodeText(text.replace(/[\u0000-\u001f\u007f]/g, " ")).toString()));
    // The text matrix: upright text turns a quarter to the left, reading bottom to top.
    const matrix = o.upright ? `0 1 -1 0 ${num(o.x)} ${num(o.y)}` : `1 0 0 1 ${num(o.x)} ${num(o.y)}`;
    this.put(page, `BT ${this.resourceName(page, o.font)} ${num(o.size)} Tf ${fill(o.color)} ${matrix} Tm ${glyphs} Tj ET`);
  }

  private drawLine(from: { x: number; y: number }, to: { x: number; y: number }, o: { thickness: number; color: RGB; dash?: [number, number] }) {
    const dash = o.dash ? `[${o.dash.join(" ")}] 0 d ` : "";
    this.put(this.page, `q ${stroke(o.color)} ${num(o.thickness)} w ${dash}${num(from.x)} ${num(from.y)} m ${num(to.x)} ${num(to.y)} l S Q`);
  }

  private drawRectangle(o: { x: number; y: number; width: number; height: number; fill?: RGB; border?: RGB; borderWidth?: number }) {
    const paint = o.fill && o.border ? "B" : o.fill ? "f" : "S";
    const colours = `${o.fill ? `${fill(o.fill)} ` : ""}${o.border ? `${stroke(o.border)} ${num(o.borderWidth ?? 1)} w ` : ""}`;
    this.put(this.page, `q ${colours}${num(o.x)} ${num(o.y)} ${num(o.width)} ${num(o.height)} re ${paint} Q`);
  }

  /** A line through the points, in page coordinates. */
  private drawPolyline(points: { x: number; y: number }[], o: { thickness: number; color: RGB }) {
    const path = points.map((p, i) => `${num(p.x)} ${num(p.y)} ${i ? "l" : "m"}`).join(" ");
    this.put(this.page, `q ${stroke(o.color)} ${num(o.thickness)} w 1 j ${path} S Q`);
  }

  /** A white dot with a border (a chart's point): four Bézier quarters. */
  private drawDot({ x, y }: { x: number; y: number }, r: number, borderWidth: number) {
    const k = r * 0.5523;
    const path = `${num(x + r)} ${num(y)} m ${num(x + r)} ${num(y + k)} ${num(x + k)} ${num(y + r)} ${num(x)} ${num(y + r)} c ${num(x - k)} ${num(y + r)} ${num(
      x - r
    )} ${num(y + k)} ${num(x - r)} ${num(y)} c ${num(x - r)} ${num(y - k)} ${num(x - k)} ${num(y - r)} ${num(x)} ${num(y - r)} c ${num(x + k)} ${num(
      y - r
    )} ${num(x + r)} ${num(y - k)} ${num(x + r)} ${num(y)} c`;
    this.put(this.page, `q 1 1 1 rg ${stroke(INK)} ${num(borderWidth)} w ${path} B Q`);
  }

  private drawImage(image: PDFImage, o: { x: number; y: number; width: number; height: number }) {
    this.put(this.page, `q ${num(o.width)} 0 0 ${num(o.height)} ${num(o.x)} ${num(o.y)} cm ${this.resourceName(this.page, image)} Do Q`);
  }

  /** Each page's drawing as one more content stream, after whatever pdf-lib drew there (the logo). */
  private flushDrawing() {
    for (const [page, operators] of this.operators) {
      // As pdf-lib's flateStream does, but the text is encoded by Node: pdf-lib copies it a character at a time.
      const contents = zlib.deflateSync(Buffer.from(`q\n${operators.join("\n")}\nQ\n`, "latin1"), DEFLATE);
      page.node.addContentStream(this.doc.context.register(this.doc.context.stream(contents, { Filter: "FlateDecode" })));
    }
    this.operators.clear();
  }

  newPage() {
    this.page = this.doc.addPage([this.pageW, this.pageH]);
    this.y = this.pageH - MARGIN.top;
  }

  /**
   * Headings wait until what follows them is drawn, so a heading never ends a page: they go
   * together with at least the first block of their content (a table's header and two rows).
   */
  private pendingHeadings: { height: number; draw: () => void }[] = [];

  /** Starts a new page unless `height` points (and the headings waiting above them) still fit above the bottom margin. */
  ensureSpace(height: number) {
    const headings = this.pendingHeadings.reduce((sum, h) => sum + h.height, 0);
    if (this.y - height - headings < MARGIN.bottom) this.newPage();
    const waiting = this.pendingHeadings;
    this.pendingHeadings = [];
    for (const heading of waiting) heading.draw();
  }

  space(points: number) {
    this.y -= points;
  }

  private font(bold?: boolean) {
    return bold ? this.bold : this.regular;
  }

  // pdf-lib measures text by shaping it with fontkit, which is slow enough to dominate a document
  // that wraps many lines; a character's advance is looked up once per font instead, and so is a
  // text's width at 1 point (a table measures its cells at each size it tries, and repeats them).
  private readonly unitWidths = new Map<PDFFont, Map<string, number>>();
  width(text: string, size: number, bold?: boolean) {
    const font = this.font(bold);
    let known = this.unitWidths.get(font);
    if (!known) this.unitWidths.set(font, (known = new Map()));
    let total = known.get(text);
    if (total === undefined) {
      total = 0;
      for (const ch of text) {
        let advance = known.get(ch);
        if (advance === undefined) known.set(ch, (advance = font.widthOfTextAtSize(ch, 1000) / 1000));
        total += advance;
      }
      if (text.length <= 200) known.set(text, total); // not every prefix of a long token a line cuts
    }
    return total * size;
  }

  /** Lines of at most `width` points; a word longer than a line is cut. */
  wrap(text: string, width: number, size: number, bold?: boolean): string[] {
    const measure = (s: string) => this.width(s, size, bold);
    const space = measure(" ");
    const lines: string[] = [];
    for (const paragraph of text.split(/\n+/)) {
      let line = "";
      let lineWidth = 0;
      for (let word of clean(paragraph).split(" ")) {
        while (measure(word) > width) {
          let cut = word.length - 1;
          while (cut > 1 && measure(word.slice(0, cut)) > width) cut--;
          if (line) {
            lines.push(line);
            line = "";
          }
          lines.push(word.slice(0, cut));
          word = word.slice(cut);
        }
        // Widths add up (no kerning between characters), so a line is measured a word at a time.
        const wordWidth = measure(word);
        if (!line) [line, lineWidth] = [word, wordWidth];
        else if (lineWidth + space + wordWidth <= width) [line, lineWidth] = [`${line} ${word}`, lineWidth + space + wordWidth];
        else {
          lines.push(line);
          [line, lineWidth] = [word, wordWidth];
        }
      }
      if (line) lines.push(line);
    }
    return lines.length ? lines : [""];
  }

  text(text: string, style: TextStyle = {}) {
    const size = style.size ?? 10;
    const indent = style.indent ?? 0;
    const leading = size * 1.35;
    for (const line of this.wrap(text, this.contentW - indent, size, style.bold)) {
      this.ensureSpace(leading);
      this.y -= leading;
      this.drawText(this.page, line, { x: MARGIN.left + indent, y: this.y + size * 0.3, size, font: this.font(style.bold), color: style.muted ? MUTED : INK });
    }
    this.y -= style.after ?? 2;
  }

  /** A heading (4: a small bold line above a table, such as its school year); drawn with what follows it. */
  heading(text: string, level: 1 | 2 | 3 | 4 = 2) {
    const size = level === 1 ? 18 : level === 2 ? 13.5 : level === 3 ? 11 : 9.5;
    const before = level === 1 || level === 4 ? 0 : 8;
    const after = level === 2 ? 9 : level === 1 ? 5 : 3;
    const lines = this.wrap(text, this.contentW, size, true);
    this.pendingHeadings.push({
      height: before + lines.length * size * 1.35 + after,
      draw: () => {
        this.y -= before;
        for (const line of lines) {
          this.y -= size * 1.35;
          this.drawText(this.page, line, { x: MARGIN.left, y: this.y + size * 0.3, size, font: this.bold, color: INK });
        }
        if (level === 2) {
          this.drawLine({ x: MARGIN.left, y: this.y - 3 }, { x: this.pageW - MARGIN.right, y: this.y - 3 }, { thickness: 0.6, color: RULE });
        }
        this.y -= after;
      },
    });
  }

  /** «Ключ: значение» lines with the keys in one column. */
  facts(rows: [string, string][], keyWidth = 45 * MM) {
    const size = 10;
    for (const [key, value] of rows) {
      const lines = this.wrap(value, this.contentW - keyWidth, size);
      this.ensureSpace(lines.length * size * 1.35);
      this.drawText(this.page, clean(key), { x: MARGIN.left, y: this.y - size * 1.35 + size * 0.3, size, font: this.regular, color: MUTED });
      for (const line of lines) {
        this.y -= size * 1.35;
        this.drawText(this.page, line, { x: MARGIN.left + keyWidth, y: this.y + size * 0.3, size, font: this.regular, color: INK });
      }
      this.y -= 1.5;
    }
  }

  /**
   * A table that repeats its header on each new page; cells wrap. `emphasis` picks rows printed in
   * bold on a shaded band (totals under a table).
   */
  table(columns: TableColumn[], rows: TableCell[][], options: { size?: number; emphasis?: (index: number) => boolean } = {}) {
    const padX = 3;
    // Smaller type, down to 6 points, before a word has to be broken (many periods side by side).
    let size = options.size ?? 8.5;
    const measures = this.columnMeasures(columns, rows);
    let widths = this.columnWidths(columns, measures, size, padX);
    while (!widths && size > 6) widths = this.columnWidths(columns, measures, (size -= 0.5), padX);
    widths ??= this.weightedWidths(columns);
    const leading = size * 1.3;
    const VERTICAL_MAX = 40 * MM;
    const measureRow = (cells: TableCell[], bold: boolean, header = false) => {
      const wrapped = cells.map((cell, i) => {
        if (typeof cell !== "string") return cell;
        if (header && columns[i].vertical) return [this.wrap(cell, VERTICAL_MAX, size, bold)[0]];
        return this.wrap(cell, widths[i] - 2 * padX, size, bold);
      });
      const height =
        Math.max(
          ...wrapped.map((l, i) => {
            if (!Array.isArray(l)) return SPARK_HEIGHT;
            if (header && columns[i].vertical) return this.width(l[0], size, bold) + 4;
            return l.length * leading;
          })
        ) + 4;
      return { wrapped, height, header };
    };
    const header = measureRow(
      columns.map((c) => c.header),
      true,
      true
    );
    const put = (row: ReturnType<typeof measureRow>, bold: boolean, shade: boolean) => {
      if (shade) this.drawRectangle({ x: MARGIN.left, y: this.y - row.height, width: this.contentW, height: row.height, fill: rgb(0.94, 0.95, 0.96) });
      let x = MARGIN.left;
      row.wrapped.forEach((lines, i) => {
        if (!Array.isArray(lines)) {
          this.sparkline(lines.spark, x + padX, this.y - 2, widths[i] - 2 * padX);
        } else if (row.header && columns[i].vertical) {
          // Bottom to top, centred in the column.
          this.drawText(this.page, lines[0], {
            x: x + widths[i] / 2 + size * 0.35,
            y: this.y - row.height + 4,
            size,
            font: this.font(bold),
            color: INK,
            upright: true,
          });
        } else {
          lines.forEach((line, n) => {
            const w = this.width(line, size, bold);
            const align = columns[i].align ?? "left";
            const tx = align === "right" ? x + widths[i] - padX - w : align === "center" ? x + (widths[i] - w) / 2 : x + padX;
            this.drawText(this.page, line, { x: tx, y: this.y - 2 - (n + 1) * leading + size * 0.3, size, font: this.font(bold), color: INK });
          });
        }
        x += widths[i];
      });
      this.y -= row.height;
      this.drawLine({ x: MARGIN.left, y: this.y }, { x: this.pageW - MARGIN.right, y: this.y }, { thickness: 0.4, color: RULE });
    };
    const measured = rows.map((cells, index) => measureRow(cells, options.emphasis?.(index) ?? false));
    // The header never stands alone at the bottom of a page: it goes with its first two rows.
    this.ensureSpace(header.height + measured.slice(0, 2).reduce((sum, r) => sum + r.height, 0));
    put(header, true, true);
    rows.forEach((_, index) => {
      const strong = options.emphasis?.(index) ?? false;
      const row = measured[index];
      if (this.y - row.height < MARGIN.bottom) {
        this.newPage();
        put(header, true, true);
      }
      put(row, strong, strong);
    });
    this.y -= 6;
  }

  /**
   * Column widths from their content: each column at least as wide as its longest word (so no word
   * is broken unless it alone is wider than the page allows), the room left shared by how much each
   * column's longest text still needs, then by the columns' given weights.
   */
  private weightedWidths(columns: TableColumn[]) {
    const total = columns.reduce((s, c) => s + c.width, 0);
    return columns.map((c) => (c.width / total) * this.contentW);
  }

  /**
   * Each column's longest text and longest word at 1 point (none for a column of charts), the header
   * (bold) among them unless it is printed upright. Measured once for all the sizes a table tries.
   */
  private columnMeasures(columns: TableColumn[], rows: TableCell[][]) {
    return columns.map((column, i) => {
      const texts = [
        ...(column.vertical ? [] : [{ text: clean(column.header), bold: true }]),
        ...rows
          .map((r) => r[i])
          .filter((cell): cell is string => typeof cell === "string")
          .map((text) => ({ text: clean(text), bold: false })),
      ];
      const charts = rows.some((r) => typeof r[i] !== "string");
      return {
        text: Math.max(0, ...texts.map((t) => this.width(t.text, 1, t.bold))),
        word: charts ? null : Math.max(0, ...texts.flatMap((t) => t.text.split(" ").map((word) => this.width(word, 1, t.bold)))),
      };
    });
  }

  /** The widths, or null when the longest words alone are wider than the page. */
  private columnWidths(columns: TableColumn[], measures: ReturnType<PdfWriter["columnMeasures"]>, size: number, padX: number): number[] | null {
    const total = columns.reduce((s, c) => s + c.width, 0);
    const byWeight = this.weightedWidths(columns);
    const longestWord = measures.map((m, i) => (m.word === null ? byWeight[i] : Math.max(4 * size, m.word * size) + 2 * padX));
    const minimum = longestWord.reduce((a, b) => a + b, 0);
    if (minimum >= this.contentW) return null;
    const wanted = measures.map((m, i) => Math.max(longestWord[i], m.text * size + 2 * padX));
    const room = this.contentW - minimum;
    const need = wanted.map((w, i) => w - longestWord[i]);
    const needed = need.reduce((a, b) => a + b, 0);
    if (needed >= room) return longestWord.map((w, i) => w + (room * need[i]) / needed);
    const left = room - needed;
    return wanted.map((w, i) => w + (left * columns[i].width) / total);
  }

  /** The trajectory chart of the pages (same geometry), as vector lines, `height` points high. */
  chart(labels: string[], values: (number | null)[], height = 150) {
    const width = this.contentW;
    const g = chartGeometry(labels, values, width, height, false);
    this.ensureSpace(height + 4);
    const top = this.y;
    const at = (x: number, y: number) => ({ x: MARGIN.left + x, y: top - y });
    for (const line of g.grid) {
      this.drawLine(at(g.left, line.y), at(g.right, line.y), {
        thickness: 0.6,
        color: line.dashed ? rgb(0.6, 0.6, 0.6) : RULE,
        dash: line.dashed ? [4, 3] : undefined,
      });
      const label = String(line.value);
      this.drawText(this.page, label, { ...at(g.left - 14 - this.width(label, 8), line.y + 3), size: 8, font: this.regular, color: INK });
    }
    for (const label of g.xLabels) {
      label.lines.forEach((line, n) => {
        const w = this.width(line, 7);
        this.drawText(this.page, line, { ...at(label.x - w / 2, height - 30 + n * 9), size: 7, font: this.regular, color: INK });
      });
    }
    for (const run of g.segments)
      this.drawPolyline(
        run.map((p) => at(p.x, p.y)),
        { thickness: 1.8, color: INK }
      );
    for (const p of g.points) {
      this.drawDot(at(p.x, p.y), 3, 1.4);
      const value = formatNumber(p.value, 0, 2);
      this.drawText(this.page, value, { ...at(p.x - this.width(value, 7) / 2, p.y - 6), size: 7, font: this.regular, color: MUTED });
    }
    this.y -= height + 4;
  }

  /** The compact chart of the record page's table, `width` wide, its top at `top`. */
  private sparkline(values: (number | null)[], left: number, top: number, width: number) {
    const g = chartGeometry(values.map(String), values, width, SPARK_HEIGHT, true);
    for (const run of g.segments)
      this.drawPolyline(
        run.map((p) => ({ x: left + p.x, y: top - p.y })),
        { thickness: 0.9, color: INK }
      );
    for (const p of g.points) this.drawDot({ x: left + p.x, y: top - p.y }, 1.3, 0.6);
  }

  /** An image (JPEG or PNG bytes) scaled into a box, with a caption under it; images flow in rows. */
  async images(items: { bytes: Uint8Array; kind: "jpg" | "png"; caption: string }[], box = 38 * MM) {
    const gap = 6 * MM;
    const perRow = Math.max(1, Math.floor((this.contentW + gap) / (box + gap)));
    for (let start = 0; start < items.length; start += perRow) {
      const row = items.slice(start, start + perRow);
      this.ensureSpace(box + 14);
      const top = this.y;
      for (const [i, item] of row.entries()) {
        const image = item.kind === "jpg" ? await this.doc.embedJpg(item.bytes) : await this.doc.embedPng(item.bytes);
        const scale = Math.min(box / image.width, box / image.height);
        const w = image.width * scale;
        const h = image.height * scale;
        const x = MARGIN.left + i * (box + gap);
        this.drawImage(image, { x: x + (box - w) / 2, y: top - box + (box - h), width: w, height: h });
        this.drawRectangle({ x, y: top - box, width: box, height: box, border: RULE, borderWidth: 0.5 });
        const caption = this.wrap(item.caption, box, 7)[0];
        this.drawText(this.page, caption, { x, y: top - box - 9, size: 7, font: this.regular, color: MUTED });
      }
      this.y = top - box - 14;
    }
  }

  /**
   * A boxed block with a QR code on the left (drawn as squares, so it stays sharp in print) and
   * lines of text beside it.
   */
  verificationBlock(url: string, lines: { text: string; bold?: boolean }[]) {
    const side = 30 * MM;
    const pad = 4 * MM;
    const textWidth = this.contentW - side - 3 * pad;
    const wrapped = lines.flatMap((l) => this.wrap(l.text, textWidth, 9, l.bold).map((text) => ({ text, bold: l.bold })));
    const height = Math.max(side, wrapped.length * 12) + 2 * pad;
    this.ensureSpace(height + 6);
    const top = this.y - 4;
    this.drawRectangle({ x: MARGIN.left, y: top - height, width: this.contentW, height, border: INK, borderWidth: 0.8 });
    // One path for the whole code (a rectangle per run of dark modules in a row), filled once.
    const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
    const size = qr.modules.size;
    const cell = side / size;
    const runs: string[] = [];
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (!qr.modules.get(row, col)) continue;
        let end = col;
        while (end + 1 < size && qr.modules.get(row, end + 1)) end++;
        runs.push(`${num(MARGIN.left + pad + col * cell)} ${num(top - pad - (row + 1) * cell)} ${num((end - col + 1) * cell)} ${num(cell)} re`);
        col = end;
      }
    }
    this.put(this.page, `q 0 0 0 rg ${runs.join(" ")} f Q`);
    wrapped.forEach((line, i) => {
      this.drawText(this.page, line.text, { x: MARGIN.left + side + 2 * pad, y: top - pad - 9 - i * 12, size: 9, font: this.font(line.bold), color: INK });
    });
    this.y = top - height - 6;
  }

  /** A dashed line across the page with scissors at its start: where sheets of slips are cut. */
  cutLine() {
    this.y -= 6;
    this.drawLine({ x: MARGIN.left + 12, y: this.y }, { x: this.pageW - MARGIN.right, y: this.y }, { thickness: 0.6, color: MUTED, dash: [4, 3] });
    this.drawText(this.page, "✂", { x: MARGIN.left, y: this.y - 3.5, size: 10, font: this.regular, color: MUTED });
    this.y -= 10;
  }

  /** Where the stamp was drawn: the signature's field covers it (clicking it shows the signature). */
  private stampField: { page: PDFPage; rect: [number, number, number, number] } | null = null;

  /**
   * The visible stamp of an electronic signature, as Russian documents carry it: «ДОКУМЕНТ ПОДПИСАН
   * ЭЛЕКТРОННОЙ ПОДПИСЬЮ», the certificate's serial, its owner and when it is valid; centred.
   */
  signatureStamp(stamp: StampFacts) {
    const width = 92 * MM;
    const pad = 2.5 * MM;
    const textWidth = width - 2 * pad;
    const owner = stamp.organisation && stamp.organisation !== stamp.owner ? `${stamp.owner}, ${stamp.organisation}` : stamp.owner;
    const lines = [
      ...["ДОКУМЕНТ ПОДПИСАН", "ЭЛЕКТРОННОЙ ПОДПИСЬЮ"].map((text) => ({ text, size: 8.5, bold: true, centred: true })),
      ...[`Сертификат: ${stamp.serial}`, `Владелец: ${owner}`, `Действителен: с ${formatDate(stamp.validFrom)} по ${formatDate(stamp.validTo)}`].flatMap(
        (text) => this.wrap(text, textWidth, 7.5).map((line) => ({ text: line, size: 7.5, bold: false, centred: false }))
      ),
    ];
    const height = lines.reduce((sum, l) => sum + l.size * 1.35, 0) + 2 * pad;
    this.ensureSpace(height + 6);
    const x = MARGIN.left + (this.contentW - width) / 2;
    const top = this.y;
    this.drawRectangle({ x, y: top - height, width, height, border: STAMP_INK, borderWidth: 1.2 });
    let baseline = top - pad;
    for (const line of lines) {
      baseline -= line.size * 1.35;
      const lineX = line.centred ? x + (width - this.width(line.text, line.size, line.bold)) / 2 : x + pad;
      this.drawText(this.page, line.text, { x: lineX, y: baseline + line.size * 0.3, size: line.size, font: this.font(line.bold), color: STAMP_INK });
    }
    this.stampField = { page: this.page, rect: [x, top - height, x + width, top] };
    this.y = top - height - 6;
  }

  /**
   * Page numbers and a footer line on every page, then the bytes; signed when `signing` is given
   * (with the stamp at the end of the document if none was drawn).
   */
  async finish(footer: string, signing?: Signing): Promise<Uint8Array<ArrayBuffer>> {
    if (signing && !this.stampField) {
      this.space(8);
      this.signatureStamp(signing.signature.stamp);
    }
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const number = `стр. ${i + 1} из ${pages.length}`;
      const size = 7.5;
      this.drawText(page, this.wrap(footer, this.contentW - 30 * MM, size)[0], {
        x: MARGIN.left,
        y: MARGIN.bottom / 2,
        size,
        font: this.regular,
        color: MUTED,
      });
      this.drawText(page, number, { x: this.pageW - MARGIN.right - this.width(number, size), y: MARGIN.bottom / 2, size, font: this.regular, color: MUTED });
    });
    this.flushDrawing();
    // A copy on a plain ArrayBuffer: what a Response body and the file APIs accept.
    if (!signing || !this.stampField) return new Uint8Array(await this.doc.save());
    const signed = await signPdf(this.doc, signing.signature, {
      ...this.stampField,
      at: signing.at,
      reason: signing.reason,
      name: signing.signature.stamp.owner,
    });
    return new Uint8Array(signed);
  }
}
