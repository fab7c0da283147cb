import { crc32, inflateSync } from 'node:zlib';

/** What a PNG's IHDR chunk says about the image. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 6 is RGBA. */
  colorType: number;
  interlace: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG file, each checked against its CRC, as Teams' own upload check would. */
function readChunks(bytes: Buffer): Array<{ type: string; data: Buffer }> {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: the signature is wrong');
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(typeAndData) !== bytes.readUInt32BE(at + 8 + length)) throw new Error(`PNG chunk at byte ${at} fails its CRC`);
    chunks.push({ type: typeAndData.subarray(0, 4).toString('ascii'), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new Error('a PNG starts with IHDR and ends with IEND');
  return chunks;
}

/** The image header (size, bit depth, colour type) of a PNG file. */
export function readPngHeader(bytes: Buffer): PngHeader {
  const ihdr = readChunks(bytes)[0]!.data;
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), bitDepth: ihdr[8]!, colorType: ihdr[9]!, interlace: ihdr[12]! };
}

/** The pixels of an 8-bit RGBA, non-interlaced PNG: 4 bytes per pixel, rows top to bottom. */
export function readRgbaPixels(bytes: Buffer): Buffer {
  const header = readPngHeader(bytes);
  if (header.bitDepth !== 8 || header.colorType !== 6 || header.interlace !== 0) {
    throw new Error(`expected an 8-bit RGBA non-interlaced PNG, got bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace}`);
  }
  const compressed = Buffer.concat(readChunks(bytes).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  const scanlines = inflateSync(compressed);
  const stride = header.width * 4;
  const pixels = Buffer.alloc(stride * header.height);
  for (let row = 0; row < header.height; row++) {
    const filter = scanlines[row * (stride + 1)]!;
    const line = scanlines.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? pixels[row * stride + i - 4]! : 0;
      const up = row > 0 ? pixels[(row - 1) * stride + i]! : 0;
      const upLeft = row > 0 && i >= 4 ? pixels[(row - 1) * stride + i - 4]! : 0;
      pixels[row * stride + i] = (line[i]! + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  return pixels;
}

/** The PNG filter predictors (none, sub, up, average, Paeth). */
function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return Math.floor((left + up) / 2);
    case 4: {
      const estimate = left + up - upLeft;
      const [toLeft, toUp, toUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
      if (toLeft <= toUp && toLeft <= toUpLeft) return left;
      return toUp <= toUpLeft ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter type ${filter}`);
  }
}
