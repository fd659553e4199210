import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

// The rendered text images in test/fixtures/text-images (see render.sh there) and their manifest.

const TEXT_IMAGES = join(__dirname, '../../../../test/fixtures/text-images');

/** Which use an image is kept for: calibrating static int8 variants, or verifying them. */
export type FixtureSplit = 'calibration' | 'evaluation';

/** One rendered text line, as listed in MANIFEST.json. */
export interface TextLineFixture {
  /** Path below test/fixtures/text-images. */
  file: string;
  /** The text drawn, exactly. */
  text: string;
  /** How far the line is turned: 180 for a line drawn upside down. */
  angle: 0 | 180;
  split: FixtureSplit;
  /** What the line exercises (font, contrast, noise, orientation). */
  purpose: string;
}

/** A rectangle in pixels of its image, top-left corner first. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One rendered page of several lines, as listed in MANIFEST.json. */
export interface TextPageFixture {
  /** Path below test/fixtures/text-images. */
  file: string;
  split: FixtureSplit;
  width: number;
  height: number;
  /** What the page exercises. */
  purpose: string;
  /** Every line on the page with the box of its glyphs; the rest of the page is blank. */
  lines: { text: string; box: PixelBox }[];
}

/** The contents of MANIFEST.json. */
export interface TextImagesManifest {
  lines: TextLineFixture[];
  pages: TextPageFixture[];
}

/** An 8-bit RGB image, pixels row by row, three bytes each. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export function readTextImagesManifest(): TextImagesManifest {
  return JSON.parse(readFileSync(join(TEXT_IMAGES, 'MANIFEST.json'), 'utf8')) as TextImagesManifest;
}

/** Decodes a fixture PNG to RGB, dropping alpha as OpenCV's imread does for PaddleOCR. */
export function readFixtureImage(file: string): RgbImage {
  const png = PNG.sync.read(readFileSync(join(TEXT_IMAGES, file)));
  const pixels = png.width * png.height;
  const data = new Uint8Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    data.set(png.data.subarray(pixel * 4, pixel * 4 + 3), pixel * 3);
  }
  return { width: png.width, height: png.height, data };
}

/** The image turned by 180°, as PaddleOCR turns a line its classifier finds upside down. */
export function rotate180(image: RgbImage): RgbImage {
  const pixels = image.width * image.height;
  const data = new Uint8Array(image.data.length);
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    data.set(image.data.subarray(pixel * 3, pixel * 3 + 3), (pixels - 1 - pixel) * 3);
  }
  return { ...image, data };
}
