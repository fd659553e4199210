import type { RgbImage } from './text-image-fixtures';

// PaddleOCR's preprocessing (tools/infer/predict_{rec,cls,det}.py, ppocr/data/imaug/operators.py),
// so that the models see the fixtures as PaddleOCR's own pipeline would hand them over. PaddleOCR
// reads images with OpenCV, so its tensors hold the channels in BGR order, and the models were
// trained that way: the detector's ImageNet mean of "R", 0.485, is subtracted from the blue plane.

/** Height of the text lines the recogniser and the classifier were trained on. */
export const TEXT_LINE_HEIGHT = 48;

/** Width of the classifier's input (cls_image_shape 3,48,192): longer lines are squeezed. */
export const CLASSIFIER_WIDTH = 192;

/** Longest side of a page fed to the detector (det_limit_type max); small, so specs stay quick. */
const DETECTOR_LIMIT_SIDE = 640;

/** The detector's sides must be multiples of its total stride. */
const DETECTOR_STRIDE = 32;

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** Width of a text line scaled to TEXT_LINE_HEIGHT, aspect kept (PaddleOCR rounds it up). */
export function lineWidthAtModelHeight(image: RgbImage): number {
  return Math.ceil((TEXT_LINE_HEIGHT * image.width) / image.height);
}

/**
 * A text line as [3, 48, width] for the recogniser or the classifier (resize_norm_img): scaled to
 * height 48 keeping its aspect unless that is wider than `width` (then squeezed to fit), values
 * (p / 255 - 0.5) / 0.5, and the right-hand rest left at 0 — the grey PaddleOCR pads batches with.
 */
export function textLineTensor(image: RgbImage, width: number): Float32Array {
  const scaledWidth = Math.min(width, lineWidthAtModelHeight(image));
  const scaled = resizeBilinear(image, scaledWidth, TEXT_LINE_HEIGHT);
  const tensor = new Float32Array(3 * TEXT_LINE_HEIGHT * width);
  fillChannelsBgr(tensor, scaled, width, (value) => (value / 255 - 0.5) / 0.5);
  return tensor;
}

/** A page as [3, height, width] for the detector (DetResizeForTest, then NormalizeImage). */
export function pageTensor(image: RgbImage): { data: Float32Array; width: number; height: number } {
  const { width, height } = detectorInputSize(image);
  const scaled = resizeBilinear(image, width, height);
  const data = new Float32Array(3 * height * width);
  fillChannelsBgr(data, scaled, width, (value, channel) => (value / 255 - IMAGENET_MEAN[channel]) / IMAGENET_STD[channel]);
  return { data, width, height };
}

/** DetResizeForTest: shrink so the longest side is at most the limit, then round each side to the stride. */
function detectorInputSize(image: RgbImage): { width: number; height: number } {
  const ratio = Math.max(image.width, image.height) > DETECTOR_LIMIT_SIDE ? DETECTOR_LIMIT_SIDE / Math.max(image.width, image.height) : 1;
  const side = (length: number) =>
    Math.max(roundHalfToEven(Math.trunc(length * ratio) / DETECTOR_STRIDE) * DETECTOR_STRIDE, DETECTOR_STRIDE);
  return { width: side(image.width), height: side(image.height) };
}

/**
 * Bilinear resampling with OpenCV's INTER_LINEAR geometry (pixel centres aligned, edges clamped),
 * rounded back to 8 bits as cv2.resize returns them; OpenCV's fixed-point weights can differ by
 * one grey level. Hand-written: npm's resizers are native (sharp, whose install script this repo
 * denies) or whole image toolkits (jimp), for twenty lines of arithmetic.
 */
function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
  const columns = Array.from({ length: width }, (_, x) => sourcePosition(x, image.width / width, image.width));
  const data = new Uint8Array(width * height * 3);
  const source = image.data;
  for (let y = 0; y < height; y += 1) {
    const row = sourcePosition(y, image.height / height, image.height);
    const upperRow = row.first * image.width;
    const lowerRow = row.second * image.width;
    for (let x = 0; x < width; x += 1) {
      const column = columns[x];
      for (let channel = 0; channel < 3; channel += 1) {
        const upperLeft = source[(upperRow + column.first) * 3 + channel];
        const upperRight = source[(upperRow + column.second) * 3 + channel];
        const lowerLeft = source[(lowerRow + column.first) * 3 + channel];
        const lowerRight = source[(lowerRow + column.second) * 3 + channel];
        const upper = upperLeft + (upperRight - upperLeft) * column.weight;
        const lower = lowerLeft + (lowerRight - lowerLeft) * column.weight;
        data[(y * width + x) * 3 + channel] = Math.round(upper + (lower - upper) * row.weight);
      }
    }
  }
  return { width, height, data };
}

/** The two source pixels around output pixel `index` along one axis, and the weight of the second. */
function sourcePosition(index: number, scale: number, length: number): { first: number; second: number; weight: number } {
  const position = (index + 0.5) * scale - 0.5;
  if (position <= 0) return { first: 0, second: 0, weight: 0 };
  const first = Math.floor(position);
  if (first >= length - 1) return { first: length - 1, second: length - 1, weight: 0 };
  return { first, second: first + 1, weight: position - first };
}

/** Writes the image into the top-left of a CHW tensor `tensorWidth` wide, blue plane first. */
function fillChannelsBgr(
  tensor: Float32Array,
  image: RgbImage,
  tensorWidth: number,
  normalise: (value: number, channel: number) => number,
): void {
  const plane = tensor.length / 3;
  for (let channel = 0; channel < 3; channel += 1) {
    const rgbChannel = 2 - channel;
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        const value = image.data[(y * image.width + x) * 3 + rgbChannel];
        tensor[channel * plane + y * tensorWidth + x] = normalise(value, channel);
      }
    }
  }
}

/** Python's round(): ties go to the even neighbour. */
function roundHalfToEven(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(value % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}
