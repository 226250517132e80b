// A minimal PNG reader for the chart tests: checks the signature, reads IHDR, inflates IDAT with node:zlib
// and undoes the per-row filters of 8-bit RGB/RGBA images, so tests can look at real pixels.
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** Pixels as 'rrggbb' hex, row by row (alpha dropped). */
  colorAt(x: number, y: number): string;
  /** How many pixels have each colour. */
  histogram(): Map<string, number>;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | null = null;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8]!,
        colorType: body[9]!,
        interlace: body[12]!,
      };
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (header === null) throw new Error('PNG has no IHDR chunk');
  const channels = header.colorType === 6 ? 4 : header.colorType === 2 ? 3 : 0;
  if (header.bitDepth !== 8 || channels === 0 || header.interlace !== 0) {
    throw new Error(`PNG reader handles 8-bit RGB/RGBA only (depth ${header.bitDepth}, colour type ${header.colorType})`);
  }
  const pixels = unfilter(inflateSync(Buffer.concat(data)), header.width, header.height, channels);
  const { width, height } = header;
  const colorAt = (x: number, y: number) => {
    const i = (y * width + x) * channels;
    return [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('');
  };
  return {
    width,
    height,
    colorAt,
    histogram() {
      const byRgb = new Map<number, number>();
      for (let i = 0; i < pixels.length; i += channels) {
        const rgb = (pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!;
        byRgb.set(rgb, (byRgb.get(rgb) ?? 0) + 1);
      }
      return new Map([...byRgb].map(([rgb, count]) => [rgb.toString(16).padStart(6, '0'), count]));
    },
  };
}

/** Reverses PNG filter types 0–4 (None, Sub, Up, Average, Paeth) row by row. */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? out[y * stride + i - channels]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      out[y * stride + i] = (row[i]! + predictor(filter, left, up, upLeft)) & 0xff;
    }
  }
  return out;
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`PNG row filter ${filter} is not one of 0–4`);
  }
}
