/**
 * Draws Lore's Teams icons into manifest/teams: color.png (192×192, the mark in white and
 * amber on Lore's blue) and outline.png (32×32, the same mark in white on transparent, as
 * Teams requires). The mark is an open book under a spark: answers from a knowledge base.
 *
 * Run after changing the drawing: `npm run build && node dist/scripts/draw-teams-icons.js`.
 * No image library: every pixel's coverage is sampled on a grid (anti-aliasing), and the PNG
 * is encoded here with node:zlib.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { packageRoot } from '../adapters/package-root';

type Rgb = readonly [number, number, number];

/** A part of the mark: where it is (a test in the mark's unit square) and its colour. */
interface Shape {
  contains(x: number, y: number): boolean;
  color: Rgb;
}

interface IconStyle {
  size: number;
  /** Where the mark's unit square sits: its left/top edge and side, in pixels. */
  markOrigin: number;
  markSide: number;
  /** Fills the whole icon first; none leaves it transparent. */
  background?: Rgb;
  paper: Rgb;
  spark: Rgb;
  /** Lines of text on the pages, in the background colour; too fine for the 32-pixel outline. */
  textLines?: Rgb;
}

const LORE_BLUE: Rgb = [0x2f, 0x5d, 0x8a];
const WHITE: Rgb = [255, 255, 255];
const AMBER: Rgb = [0xf5, 0xb8, 0x2e];
const SAMPLES_PER_AXIS = 8;

/** The shapes of the mark, back to front, in a unit square (x right, y down). */
function markShapes(style: IconStyle): Shape[] {
  const pixel = 1 / style.markSide;
  // Gaps shrink with the icon but never below what still shows as a gap.
  const spineGap = Math.max(0.022, 2 * pixel);
  const coverGap = Math.max(0.03, 1.5 * pixel);
  const pageTop = 0.36;
  const pageBottom = 0.79;
  const dip = 0.08;
  // Pages sag towards the spine, as an open book's do: 0 at the outer edge, `dip` at the spine.
  const sag = (x: number) => dip * (1 - Math.min(1, Math.abs(x - 0.5) / 0.5)) ** 2;
  const isOnPage = (x: number, y: number) =>
    Math.abs(x - 0.5) >= spineGap / 2 && x >= 0.02 && x <= 0.98 && y >= pageTop + sag(x) && y <= pageBottom + sag(x);
  const coverBottom = pageBottom + coverGap + 0.07;
  const isOnCover = (x: number, y: number) => x >= 0 && x <= 1 && y >= pageBottom + sag(x) + coverGap && y <= coverBottom + sag(x);
  // A four-pointed spark: |x|^(1/2) + |y|^(1/2) <= r^(1/2) curves inward between the points.
  const spark = { x: 0.5, y: 0.15, radius: 0.17 };
  const isInSpark = (x: number, y: number) =>
    Math.sqrt(Math.abs(x - spark.x)) + Math.sqrt(Math.abs(y - spark.y)) <= Math.sqrt(spark.radius);

  const shapes: Shape[] = [
    { contains: isOnCover, color: style.paper },
    { contains: isOnPage, color: style.paper },
    { contains: isInSpark, color: style.spark },
  ];
  if (style.textLines) {
    const lineHalfHeight = 0.022;
    const lineTops = [0.11, 0.21, 0.31];
    const isOnTextLine = (x: number, y: number) => {
      const across = Math.abs(x - 0.5);
      if (across < 0.09 || across > 0.41) return false;
      const depth = y - pageTop - sag(x);
      return lineTops.some((top) => Math.abs(depth - top) <= lineHalfHeight);
    };
    shapes.push({ contains: isOnTextLine, color: style.textLines });
  }
  return shapes;
}

/** RGBA pixels of one icon, each the average of SAMPLES_PER_AXIS² samples. */
function drawIcon(style: IconStyle): Buffer {
  const shapes = markShapes(style);
  const pixels = Buffer.alloc(style.size * style.size * 4);
  for (let py = 0; py < style.size; py++) {
    for (let px = 0; px < style.size; px++) {
      // Premultiplied sums over the samples, so partly covered edges blend smoothly.
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = 0; sy < SAMPLES_PER_AXIS; sy++) {
        for (let sx = 0; sx < SAMPLES_PER_AXIS; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES_PER_AXIS - style.markOrigin) / style.markSide;
          const y = (py + (sy + 0.5) / SAMPLES_PER_AXIS - style.markOrigin) / style.markSide;
          const front = shapes.findLast((shape) => shape.contains(x, y))?.color ?? style.background;
          if (!front) continue;
          red += front[0];
          green += front[1];
          blue += front[2];
          alpha += 1;
        }
      }
      const at = (py * style.size + px) * 4;
      // A transparent pixel is still white, so the outline icon holds no other colour at all.
      const unpremultiply = (sum: number) => (alpha === 0 ? 255 : Math.round(sum / alpha));
      pixels[at] = unpremultiply(red);
      pixels[at + 1] = unpremultiply(green);
      pixels[at + 2] = unpremultiply(blue);
      pixels[at + 3] = Math.round((255 * alpha) / SAMPLES_PER_AXIS ** 2);
    }
  }
  return pixels;
}

/** An 8-bit RGBA PNG of `rgba` (size × size pixels, rows top to bottom). */
function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // compression, filter method and interlace stay 0
  const rowLength = size * 4;
  const scanlines = Buffer.alloc(size * (rowLength + 1));
  for (let row = 0; row < size; row++) {
    // Each scanline starts with its filter type; 0 (none) keeps the encoder trivial.
    rgba.copy(scanlines, row * (rowLength + 1) + 1, row * rowLength, (row + 1) * rowLength);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const ICONS: Record<string, IconStyle> = {
  // Teams shows the colour icon on its own tile; the mark keeps to the middle 120 pixels.
  'color.png': { size: 192, markOrigin: 36, markSide: 120, background: LORE_BLUE, paper: WHITE, spark: AMBER, textLines: LORE_BLUE },
  'outline.png': { size: 32, markOrigin: 1, markSide: 30, paper: WHITE, spark: WHITE },
};

function main(): void {
  const folder = path.join(packageRoot(), 'manifest', 'teams');
  fs.mkdirSync(folder, { recursive: true });
  for (const [name, style] of Object.entries(ICONS)) {
    const file = path.join(folder, name);
    fs.writeFileSync(file, encodePng(style.size, drawIcon(style)));
    process.stdout.write(`wrote ${file} (${style.size}×${style.size})\n`);
  }
}

main();
