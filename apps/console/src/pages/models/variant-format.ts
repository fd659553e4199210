import type { CompileJobView, ModelVersionView, VariantStatus } from '../../api/views';
import { formatNumber } from '../../components/format';

/** A variant in one of these will not change any more (libs/contracts VARIANT_STATUSES). */
const FINISHED: readonly VariantStatus[] = ['accepted', 'rejected', 'failed', 'cancelled'];

export function isFinished(job: CompileJobView): boolean {
  return FINISHED.includes(job.status);
}

/** Cosine similarity to four places, as `edgeplane compile` prints it: 0.9995. */
export function formatCosine(cosine: number): string {
  return formatNumber(cosine, 4);
}

/** Variant size against the original's, as `edgeplane compile` prints it: 0.27×. */
export function formatSizeRatio(ratio: number): string {
  return `${formatNumber(ratio, 2)}×`;
}

/** Errors span many orders of magnitude: three significant digits, not a fixed number of places. */
export function formatError(error: number): string {
  return error === 0 ? '0' : error.toPrecision(3);
}

/** `float32[1, 3, 48, 192]`, with `?` for a dimension the model leaves open. */
export function formatTensor(tensor: ModelVersionView['metadata']['inputs'][number]): string {
  return `${tensor.name}: ${tensor.elementType}[${(tensor.shape ?? []).map((dim) => dim ?? '?').join(', ')}]`;
}

/** The version of the default ONNX operator set the model imports. */
export function defaultOpset(version: ModelVersionView): string {
  return String(version.metadata.opsets.find((opset) => opset.domain === '' || opset.domain === 'ai.onnx')?.version ?? '—');
}
