import { seededBytes } from './onnx-test-models';

// PaddleOCR's preprocessing: RGB in [0, 1], normalized with the ImageNet mean and deviation.
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * A seeded [1, 3, height, width] input that looks like printed text to the OCR models: three
 * rows of dark strokes on white, normalized as PaddleOCR does. Uniform noise is a poor input for
 * them: the detector answers it with probabilities near 1e-6, float16 subnormals that hold only a
 * few significant bits, so any comparison measures that rounding rather than the conversion.
 */
export function textLikeImage(seed: number, height: number, width: number): Float32Array {
  const random = seededBytes(seed, 256);
  const gray = new Float32Array(height * width).fill(1);
  let next = 0;
  const pick = (range: number) => random[next++ % random.length] % range;
  for (let row = 0; row < 3; row += 1) {
    const top = Math.floor((row * height) / 3) + 2 + pick(4);
    const bottom = Math.min(height, top + Math.floor(height / 6) + pick(4));
    for (let left = 4 + pick(8); left < width - 8; left += 5 + pick(5)) {
      const right = left + 2 + pick(3);
      for (let y = top; y < bottom; y += 1) gray.fill(0.1, y * width + left, y * width + right);
    }
  }
  const image = new Float32Array(3 * height * width);
  for (let channel = 0; channel < 3; channel += 1) {
    const offset = channel * height * width;
    gray.forEach((value, index) => (image[offset + index] = (value - MEAN[channel]) / STD[channel]));
  }
  return image;
}
