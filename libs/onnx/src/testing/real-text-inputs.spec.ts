import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { FeedTensor } from '../verification/input-sets';
import { ctcGreedyDecode, readCtcAlphabet } from './ctc-decode';
import { type RealModelName, REAL_MODEL_FILES } from './onnx-test-models';
import { realTextInputs, textLineSamples, textPageSamples } from './real-text-inputs';
import type { PixelBox } from './text-image-fixtures';

// The rendered fixtures through the float32 PaddleOCR models: they are real evidence only if the
// models really read them. A line that is misread is fixed in render.sh, not here.

/** PaddleOCR's det_db_thresh: a pixel of the detector's map above it is text. */
const TEXT_THRESHOLD = 0.3;

/** DB's shrink ratio: the detector learnt to mark each text box shrunk by A(1 − r²)/L. */
const DB_SHRINK_RATIO = 0.4;

/** Pixels farther than this from every line's box count as blank page. */
const BLANK_DISTANCE = 16;

async function openSession(name: RealModelName): Promise<InferenceSession> {
  // One thread: the specs of other files run beside this one on a small machine.
  return InferenceSession.create(REAL_MODEL_FILES[name], { intraOpNumThreads: 1, logSeverityLevel: 3 });
}

/** Runs a PaddleOCR model on its one float32 input `x` and returns its one output. */
async function runSingleOutput(session: InferenceSession, feeds: Record<string, FeedTensor>): Promise<Tensor> {
  const input = feeds.x;
  if (input.type !== 'float32') throw new TypeError(`input x is ${input.type}, the PaddleOCR models take float32`);
  const outputs = await session.run({ x: new Tensor('float32', input.data, input.dims) });
  return outputs[session.outputNames[0]];
}

describe('real text inputs', () => {
  it.each(['cls', 'det', 'rec'] as const)('give the %s model one input shape in both splits, with no image in both', (name) => {
    const calibration = realTextInputs(name, 'calibration');
    const evaluation = realTextInputs(name, 'evaluation');
    const shapes = new Set([...calibration, ...evaluation].map(({ feeds }) => feeds.x.dims.join('x')));

    expect(calibration.length).toBeGreaterThanOrEqual(2);
    expect(evaluation.length).toBeGreaterThanOrEqual(2);
    expect(shapes.size).toBe(1);
    const files = (split: 'calibration' | 'evaluation') =>
      name === 'det' ? textPageSamples(split).map(({ page }) => page.file) : textLineSamples(name, split).map(({ line }) => line.file);
    expect(files('calibration').filter((file) => files('evaluation').includes(file))).toEqual([]);
  });
});

describe('the PaddleOCR recogniser on the text line fixtures', () => {
  const alphabet = readCtcAlphabet();
  let session: InferenceSession;
  beforeAll(async () => (session = await openSession('rec')));
  afterAll(async () => session.release());

  // Upside-down lines arrive turned upright, as PaddleOCR turns them after its classifier.
  it.each(textLineSamples('rec').map((sample) => [sample.line.text, sample] as const))('reads "%s" exactly', async (text, { feeds }) => {
    const scores = await runSingleOutput(session, feeds);

    expect(ctcGreedyDecode(scores.data as Float32Array, scores.dims, alphabet)).toEqual([text]);
  });
});

describe('the PaddleOCR direction classifier on the text line fixtures', () => {
  let session: InferenceSession;
  beforeAll(async () => (session = await openSession('cls')));
  afterAll(async () => session.release());

  it.each(textLineSamples('cls').map((sample) => [sample.line.file, sample.line.angle, sample] as const))(
    'finds %s turned by %i°',
    async (_file, angle, { feeds }) => {
      const [upright, upsideDown] = (await runSingleOutput(session, feeds)).data as Float32Array;

      // Class 0 is "0°", class 1 is "180°" (PaddleOCR's label_list).
      expect(angle === 180 ? upsideDown : upright).toBeGreaterThan(0.9);
    },
  );
});

describe('the PaddleOCR detector on the page fixtures', () => {
  let session: InferenceSession;
  beforeAll(async () => (session = await openSession('det')));
  afterAll(async () => session.release());

  it.each(textPageSamples().map((sample) => [sample.page.file, sample] as const))(
    'marks every line of %s as text and its blank page as not',
    async (_file, { page, feeds }) => {
      const map = await runSingleOutput(session, feeds);
      const [, , height, width] = map.dims;
      const probability = (x: number, y: number) => (map.data as Float32Array)[y * width + x];
      // The map has the input's size; the boxes are in pixels of the page as drawn.
      const toMap = (box: PixelBox): PixelBox => ({
        left: (box.left * width) / page.width,
        top: (box.top * height) / page.height,
        width: (box.width * width) / page.width,
        height: (box.height * height) / page.height,
      });
      const lineBoxes = page.lines.map(({ box }) => toMap(box));

      const lineTextShares = page.lines.map(({ text }, index) => {
        const core = pixelsOf(shrink(lineBoxes[index], dbShrinkDistance(lineBoxes[index])));
        const textPixels = core.filter(([x, y]) => probability(x, y) > TEXT_THRESHOLD).length;
        return { text, textShare: textPixels / core.length };
      });
      const surroundings = lineBoxes.map((box) => shrink(box, -BLANK_DISTANCE));
      let blankPixels = 0;
      let highestBlank = 0;
      for (const [x, y] of pixelsOf({ left: 0, top: 0, width, height })) {
        if (surroundings.some((box) => contains(box, x + 0.5, y + 0.5))) continue;
        blankPixels += 1;
        highestBlank = Math.max(highestBlank, probability(x, y));
      }

      // Measured on these pages: each line's core is almost all above the threshold, and the
      // blank page stays below 1e-4; the bounds leave room for another ORT build, not for misses.
      expect(lineTextShares.filter(({ textShare }) => textShare < 0.9)).toEqual([]);
      expect(blankPixels).toBeGreaterThan((width * height) / 2);
      expect(highestBlank).toBeLessThan(TEXT_THRESHOLD / 3);
    },
  );
});

function dbShrinkDistance(box: PixelBox): number {
  return (box.width * box.height * (1 - DB_SHRINK_RATIO ** 2)) / (2 * (box.width + box.height));
}

/** The box moved in by `distance` on every side (out, if negative). */
function shrink(box: PixelBox, distance: number): PixelBox {
  return {
    left: box.left + distance,
    top: box.top + distance,
    width: Math.max(box.width - 2 * distance, 1),
    height: Math.max(box.height - 2 * distance, 1),
  };
}

function contains(box: PixelBox, x: number, y: number): boolean {
  return x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
}

/** Integer pixel coordinates [x, y] whose centres lie in the box. */
function pixelsOf(box: PixelBox): [number, number][] {
  const pixels: [number, number][] = [];
  for (let y = Math.ceil(box.top - 0.5); y + 0.5 < box.top + box.height; y += 1) {
    for (let x = Math.ceil(box.left - 0.5); x + 0.5 < box.left + box.width; x += 1) pixels.push([x, y]);
  }
  return pixels;
}
