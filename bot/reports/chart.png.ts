/**
 * PNG encoding of the charts as 8-bit palette images: a chart is a few flat colours plus the
 * anti-aliased edges of text and bars, so the `maxColours` most frequent colours (the others drawn
 * with the nearest of them) look the same and take a third of the bytes of Skia's RGBA PNG. A
 * national chart then fits one Teams message (about 100 KB, and an inline image grows by a third).
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes opaque RGBA pixels (alpha ignored) as a palette PNG of at most `maxColours` (≤ 256) colours. */
export function encodePalettePng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, maxColours = 64): Buffer {
  const rgb = (o: number) => (rgba[o]! << 16) | (rgba[o + 1]! << 8) | rgba[o + 2]!;
  const freq = new Map<number, number>();
  for (let o = 0; o < rgba.length; o += 4) freq.set(rgb(o), (freq.get(rgb(o)) ?? 0) + 1);
  const palette = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, Math.min(256, maxColours)).map(([c]) => c);
  const index = new Map<number, number>(palette.map((c, i) => [c, i]));
  const nearest = (c: number): number => {
    let best = 0;
    let bestDistance = Infinity;
    palette.forEach((p, i) => {
      const dr = (p >> 16) - (c >> 16);
      const dg = ((p >> 8) & 255) - ((c >> 8) & 255);
      const db = (p & 255) - (c & 255);
      const d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    });
    return best;
  };
  // Each row: filter byte 0 (none; palette indices do not predict well), then one index per pixel.
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = rgb((y * width + x) * 4);
      let i = index.get(c);
      if (i === undefined) index.set(c, (i = nearest(c)));
      raw[y * (width + 1) + 1 + x] = i;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8-bit, palette, deflate, no filter method variants, not interlaced
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => plte.set([c >> 16, (c >> 8) & 255, c & 255], i * 3));
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
