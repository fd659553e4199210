import type { ModelProto } from 'onnx-buf';

const skeletons = new WeakSet<ModelProto>();

/** Marks a model as a skeleton: its tensors stand for data they do not hold. */
export function markModelSkeleton(model: ModelProto): void {
  skeletons.add(model);
}

/** Whether `model` came from `readModelSkeleton` (and so must not be written back as a file). */
export function isModelSkeleton(model: ModelProto): boolean {
  return skeletons.has(model);
}
