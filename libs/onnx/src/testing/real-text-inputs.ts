import type { FeedTensor, InputSet } from '../verification/input-sets';
import type { RealModelName } from './onnx-test-models';
import {
  CLASSIFIER_WIDTH,
  lineWidthAtModelHeight,
  pageTensor,
  TEXT_LINE_HEIGHT,
  textLineTensor,
} from './paddle-ocr-preprocessing';
import {
  type FixtureSplit,
  readFixtureImage,
  readTextImagesManifest,
  type RgbImage,
  rotate180,
  type TextLineFixture,
  type TextPageFixture,
} from './text-image-fixtures';

// Real text images (test/fixtures/text-images), preprocessed as PaddleOCR does, as the inputs of
// the three PaddleOCR models: a drop-in for `syntheticInputs` and `textLikeImage` wherever real
// evidence matters (notes, pitfall 6). Each model's inputs share one shape across both splits,
// because a static int8 variant is fixed to the shape of its calibration samples.

/** The one input of each PaddleOCR export. */
const INPUT_NAME = 'x';

/** PaddleOCR's starting batch width for the recogniser (rec_image_shape 3,48,320). */
const RECOGNISER_MIN_WIDTH = 320;

/** A text line fixture and the feeds for one model. */
export interface TextLineSample {
  line: TextLineFixture;
  feeds: Record<string, FeedTensor>;
}

/** A page fixture and the feeds for the detector; the map it answers has the input's height and width. */
export interface TextPageSample {
  page: TextPageFixture;
  feeds: Record<string, FeedTensor>;
}

// Decoding and resampling in plain TypeScript is slow under Jest (~10× slower than under tsx):
// each spec file that asks for the fixtures pays for it once.
const lineSamplesByModel = new Map<'rec' | 'cls', TextLineSample[]>();
let pageSamples: TextPageSample[] | undefined;

/**
 * Inputs of one split for `model`: text lines for rec and cls, pages for det. Calibrate on
 * 'calibration' and verify on 'evaluation': no image is in both.
 */
export function realTextInputs(model: RealModelName, split: FixtureSplit): InputSet {
  const samples = model === 'det' ? textPageSamples(split) : textLineSamples(model, split);
  return samples.map(({ feeds }) => ({ feeds }));
}

/**
 * Text lines for the recogniser or the classifier. The recogniser gets upside-down lines turned
 * upright, as PaddleOCR turns them when its classifier says 180°; the classifier gets them as drawn.
 * Samples are made once per model and shared between callers: do not write into their tensors.
 */
export function textLineSamples(model: 'rec' | 'cls', split?: FixtureSplit): TextLineSample[] {
  let samples = lineSamplesByModel.get(model);
  if (samples === undefined) {
    samples = makeTextLineSamples(model);
    lineSamplesByModel.set(model, samples);
  }
  return samples.filter(({ line }) => split === undefined || line.split === split);
}

/** Pages for the detector; made once and shared, like the text lines. */
export function textPageSamples(split?: FixtureSplit): TextPageSample[] {
  pageSamples ??= readTextImagesManifest().pages.map((page) => {
    const { data, width, height } = pageTensor(readFixtureImage(page.file));
    return { page, feeds: { [INPUT_NAME]: float32Input(data, [1, 3, height, width]) } };
  });
  return pageSamples.filter(({ page }) => split === undefined || page.split === split);
}

function makeTextLineSamples(model: 'rec' | 'cls'): TextLineSample[] {
  const lines = readTextImagesManifest().lines.map((line) => ({ line, image: readFixtureImage(line.file) }));
  const width = model === 'cls' ? CLASSIFIER_WIDTH : recogniserBatchWidth(lines.map(({ image }) => image));
  return lines.map(({ line, image }) => {
    const upright = model === 'rec' && line.angle === 180 ? rotate180(image) : image;
    return { line, feeds: { [INPUT_NAME]: float32Input(textLineTensor(upright, width), [1, 3, TEXT_LINE_HEIGHT, width]) } };
  });
}

/**
 * One width for every line, as PaddleOCR pads a batch to its widest line (max_wh_ratio), here
 * the batch being all line fixtures; rounded up to a multiple of 8, the recogniser's time step.
 */
function recogniserBatchWidth(lines: RgbImage[]): number {
  const widest = Math.max(RECOGNISER_MIN_WIDTH, ...lines.map(lineWidthAtModelHeight));
  return Math.ceil(widest / 8) * 8;
}

function float32Input(data: Float32Array, dims: number[]): FeedTensor {
  return { type: 'float32', data, dims };
}
