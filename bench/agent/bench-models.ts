import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { convertToFp16, readModel, writeModel } from '@edgeplane/onnx';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import type { BenchVariant } from './agent-under-bench';

/** A model the bench serves, with the one input every measurement of it uses. */
export interface BenchModel {
  /** Short name in the table (cls, rec). */
  label: string;
  /** The variant first assigned. */
  variant: BenchVariant;
  path: string;
  input: { name: string; dims: number[]; data: Float32Array };
  output: string;
}

// The PaddleOCR classifier (0.58 MB) and recogniser (10.8 MB) at the widths PaddleOCR feeds them.
const CLS = { file: REAL_MODEL_FILES.cls, dims: [1, 3, 48, 192], output: 'softmax_0.tmp_0' };
const REC = { file: REAL_MODEL_FILES.rec, dims: [1, 3, 48, 320], output: 'softmax_11.tmp_0' };

export function benchModels(): { cls: BenchModel; rec: BenchModel } {
  return {
    cls: benchModel('cls', 'text-direction', CLS),
    rec: benchModel('rec', 'text-recognition', REC),
  };
}

/**
 * A genuinely different variant of a model for the switch: its float16 conversion, the variant a
 * GPU device would be sent. Another file with another hash, so the agent downloads, verifies, loads
 * and self-tests it as it would any new variant.
 */
export function fp16VariantOf(model: BenchModel): BenchVariant {
  const bytes = writeModel(convertToFp16(readModel(model.variant.bytes)).model);
  return { model: model.variant.model, variantId: randomUUID(), bytes };
}

function benchModel(label: string, model: string, { file, dims, output }: typeof CLS): BenchModel {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  // Values in [-1, 1] as PaddleOCR's normalisation yields; deterministic, so runs compare.
  for (let index = 0; index < data.length; index += 1) data[index] = Math.sin(index * 0.013) * 0.9;
  return {
    label,
    variant: { model, variantId: randomUUID(), bytes: readFileSync(file) },
    path: file,
    input: { name: 'x', dims, data },
    output,
  };
}
