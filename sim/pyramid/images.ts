/**
 * Article images for the Bilder service: small real PNG files drawn in code (zlib-compressed RGB
 * scanlines with CRC-checked chunks), the same bytes every time for the same article and image.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { Random } from './random';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export type Rgb = [number, number, number];

/** An RGB PNG, 8 bits per channel, from a pixel function. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[o++] = r;
      raw[o++] = g;
      raw[o++] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

export const IMAGE_SIZE = 96;

/**
 * Image `index` (0-based) of an article: a product-coloured shape on a soft background; the
 * second image adds stripes, the third a frame, so a gallery shows three different pictures.
 */
export function articleImage(seed: string | number, articleCode: string, index: number, colour?: Rgb): Buffer {
  const rng = new Random(seed, `image/${articleCode}/${index}`);
  const base: Rgb = colour ?? hsl(rng.int(0, 359), 0.55, 0.45);
  const background = mix(base, [250, 250, 247], 0.85);
  const shade = mix(base, [0, 0, 0], 0.25);
  const size = IMAGE_SIZE;
  const c = size / 2;
  const round = rng.chance(0.5);
  const r = size * (0.26 + rng.next() * 0.1);
  return encodePng(size, size, (x, y) => {
    const dx = x - c + 0.5;
    const dy = y - c + 0.5;
    const inside = round ? dx * dx + dy * dy <= r * r : Math.abs(dx) <= r && Math.abs(dy) <= r * 0.8;
    if (index % 3 === 2 && (x < 4 || y < 4 || x >= size - 4 || y >= size - 4)) return shade;
    if (inside) {
      if (index % 3 === 1 && ((x + y) >> 3) % 2 === 0) return shade;
      return y - c > r * 0.5 ? shade : base;
    }
    return background;
  });
}

export function md5Hex(b: Buffer): string {
  return createHash('md5').update(b).digest('hex');
}
