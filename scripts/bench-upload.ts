// Normalising a 12-megapixel phone photo through the upload path (type sniffing, checks, decode,
// orientation, resize, re-encode, thumbnail) against a bare sharp resize of the same photo, in
// the same run: `npm run bench:upload -- [--runs 15]`. Prints both medians; the last line is the ratio.
import sharp from "sharp";
import { z } from "zod";
import { inspectUpload } from "~storage/inspect.server";
import { UPLOAD_LIMITS } from "~storage/limits";
import { readCliArgs } from "./cli";

const args = readCliArgs({ runs: { type: "string", default: "15" } }, z.object({ runs: z.coerce.number().int().min(3).max(200) }));

/** A 4000 × 3000 photo with noise (compresses like a real one), EXIF and GPS, as a phone makes it. */
async function makePhoto() {
  const width = 4000;
  const height = 3000;
  const noise = await sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).raw().toBuffer();
  return sharp(noise, { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .jpeg({ quality: 92 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "57/1 37/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "39/1 52/1 0/1" } })
    .toBuffer();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function time(run: () => Promise<unknown>) {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const photo = await makePhoto();
const meta = await sharp(photo).metadata();
console.log(`Фото: ${meta.width} × ${meta.height} (${((meta.width! * meta.height!) / 1e6).toFixed(1)} Мп), ${(photo.length / 1024 / 1024).toFixed(1)} МБ, прогонов: ${args.runs}`);

const bare = () =>
  sharp(photo).resize({ width: UPLOAD_LIMITS.maxLongSide, height: UPLOAD_LIMITS.maxLongSide, fit: "inside" }).jpeg({ quality: 86 }).toBuffer();
const upload = () => inspectUpload(photo, "IMG_0001.jpg");

// One warm-up each, then alternate so that both meet the same machine state.
await bare();
await upload();
const bareTimes: number[] = [];
const uploadTimes: number[] = [];
for (let i = 0; i < args.runs; i++) {
  bareTimes.push(await time(bare));
  uploadTimes.push(await time(upload));
}
const bareMedian = median(bareTimes);
const uploadMedian = median(uploadTimes);
console.log(`bare sharp resize, median: ${bareMedian.toFixed(1)} ms`);
console.log(`upload path (checks, re-encode, thumbnail), median: ${uploadMedian.toFixed(1)} ms (budget 400 ms)`);
console.log(`ratio: ${(uploadMedian / bareMedian).toFixed(2)}`);
