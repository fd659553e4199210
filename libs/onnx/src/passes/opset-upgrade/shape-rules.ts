import type { Dim } from './value-facts';

// Output shapes of common operators from their input shapes, following the ONNX operator docs.
// Every function returns undefined when the rank of the result cannot be told.

/** Axis in [0, rank), from an ONNX axis that may count from the back. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Multidirectional (NumPy) broadcasting. */
export function broadcastShape(shapes: (Dim[] | undefined)[]): Dim[] | undefined {
  if (shapes.some((shape) => shape === undefined)) return undefined;
  const known = shapes as Dim[][];
  const rank = Math.max(0, ...known.map((shape) => shape.length));
  return Array.from({ length: rank }, (_, position) => {
    const dims = known.flatMap((shape) => {
      const index = shape.length - rank + position;
      return index >= 0 ? [shape[index]] : [];
    });
    const other = dims.find((dim) => dim !== null && dim !== 1);
    if (other !== undefined) return other;
    return dims.includes(null) ? null : 1;
  });
}

/** Slice with starts/ends/axes/steps (Slice-1 attributes or Slice-10+ inputs). */
export function sliceShape(
  shape: Dim[],
  starts: number[],
  ends: number[],
  axes = starts.map((_, index) => index),
  steps = starts.map(() => 1),
): Dim[] {
  const result = [...shape];
  axes.forEach((axis, index) => {
    const at = normalizeAxis(axis, shape.length);
    const size = shape[at];
    result[at] = size === null ? null : sliceLength(size, starts[index], ends[index], steps[index]);
  });
  return result;
}

function sliceLength(size: number, start: number, end: number, step: number): number {
  const fromBack = (index: number) => (index < 0 ? index + size : index);
  const clamp = (index: number, low: number, high: number) => Math.min(Math.max(index, low), high);
  if (step > 0) {
    const first = clamp(fromBack(start), 0, size);
    const last = clamp(fromBack(end), 0, size);
    return Math.max(0, Math.ceil((last - first) / step));
  }
  const first = clamp(fromBack(start), 0, size - 1);
  const last = clamp(fromBack(end), -1, size - 1);
  return Math.max(0, Math.ceil((first - last) / -step));
}

/** Squeeze: the listed axes, or every dimension of size 1 when no axes are given. */
export function squeezeShape(shape: Dim[], axes: number[] | undefined): Dim[] | undefined {
  if (axes === undefined) return shape.includes(null) ? undefined : shape.filter((dim) => dim !== 1);
  const removed = new Set(axes.map((axis) => normalizeAxis(axis, shape.length)));
  return shape.filter((_, index) => !removed.has(index));
}

/** Unsqueeze: axes index the output, which has one more dimension per axis. */
export function unsqueezeShape(shape: Dim[], axes: number[]): Dim[] {
  const rank = shape.length + axes.length;
  const inserted = new Set(axes.map((axis) => normalizeAxis(axis, rank)));
  const remaining = [...shape];
  return Array.from({ length: rank }, (_, index) => (inserted.has(index) ? 1 : (remaining.shift() ?? null)));
}

/** Reshape to a constant target: 0 copies the input dimension, -1 is inferred. */
export function reshapeShape(shape: Dim[] | undefined, target: number[]): Dim[] {
  return target.map((dim, index) => (dim === 0 ? (shape?.[index] ?? null) : dim === -1 ? null : dim));
}

/** Flatten to 2-D at `axis`. */
export function flattenShape(shape: Dim[] | undefined, axis: number): Dim[] {
  if (!shape) return [null, null];
  const at = normalizeAxis(axis, shape.length);
  return [product(shape.slice(0, at)), product(shape.slice(at))];
}

/** MatMul follows numpy.matmul: 1-D operands gain, then lose, a dimension. */
export function matMulShape(a: Dim[] | undefined, b: Dim[] | undefined): Dim[] | undefined {
  if (!a || !b) return undefined;
  if (a.length === 1 && b.length === 1) return [];
  if (a.length === 1) return [...b.slice(0, -2), b[b.length - 1]];
  if (b.length === 1) return a.slice(0, -1);
  const batch = broadcastShape([a.slice(0, -2), b.slice(0, -2)]) ?? [];
  return [...batch, a[a.length - 2], b[b.length - 1]];
}

/** Gather: the indexed axis is replaced by the indices' dimensions. */
export function gatherShape(data: Dim[], indices: Dim[], axis: number): Dim[] {
  const at = normalizeAxis(axis, data.length);
  return [...data.slice(0, at), ...indices, ...data.slice(at + 1)];
}

/** Concat: sizes add up along the axis. */
export function concatShape(shapes: (Dim[] | undefined)[], axis: number): Dim[] | undefined {
  const known = shapes.filter((shape): shape is Dim[] => shape !== undefined);
  if (known.length === 0) return undefined;
  const rank = known[0].length;
  const at = normalizeAxis(axis, rank);
  const allKnown = known.length === shapes.length;
  return Array.from({ length: rank }, (_, index) => {
    if (index !== at) return known.map((shape) => shape[index]).find((dim) => dim !== null) ?? null;
    return allKnown ? sum(known.map((shape) => shape[at])) : null;
  });
}

/** Reductions over `axes` (all axes when undefined), keeping them as 1 or dropping them. */
export function reduceShape(shape: Dim[], axes: number[] | undefined, keepDims: boolean): Dim[] {
  const all = shape.map((_, index) => index);
  const reduced = new Set((axes ?? all).map((axis) => normalizeAxis(axis, shape.length)));
  return shape.flatMap((dim, index) => (!reduced.has(index) ? [dim] : keepDims ? [1] : []));
}

function product(dims: Dim[]): Dim {
  return dims.reduce<Dim>((total, dim) => (total === null || dim === null ? null : total * dim), 1);
}

function sum(dims: Dim[]): Dim {
  return dims.reduce<Dim>((total, dim) => (total === null || dim === null ? null : total + dim), 0);
}
