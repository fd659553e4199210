import { clone } from '@bufbuild/protobuf';
import { type ModelProto, ModelProtoSchema } from 'onnx-buf';
import { EdgeplaneError } from '@edgeplane/contracts';

export class InputShapeError extends EdgeplaneError {
  constructor(problem: string) {
    super('invalid', 'onnx.input_shape', problem);
  }
}

/**
 * Replaces the symbolic and unknown dimensions of the graph's inputs with fixed sizes. Fixed-function
 * accelerators plan memory and tiling ahead of time, so they need every input shape known; the sizes
 * come from the samples the variant is calibrated on. A declared fixed size that differs is an error.
 */
export function fixInputShapes(model: ModelProto, shapes: Record<string, readonly number[]>): ModelProto {
  const fixed = clone(ModelProtoSchema, model);
  for (const input of fixed.graph?.input ?? []) {
    const sizes = shapes[input.name];
    const tensor = input.type?.value.case === 'tensorType' ? input.type.value.value : undefined;
    if (!sizes || !tensor) continue;
    const dims = tensor.shape?.dim ?? [];
    if (tensor.shape && dims.length !== sizes.length) {
      throw new InputShapeError(`input ${input.name} has rank ${dims.length}, the samples have rank ${sizes.length}`);
    }
    tensor.shape = {
      $typeName: 'onnx.TensorShapeProto',
      dim: sizes.map((size, axis) => {
        const declared = dims[axis]?.value;
        if (declared?.case === 'dimValue' && declared.value >= 0n && Number(declared.value) !== size) {
          throw new InputShapeError(`input ${input.name} fixes dim ${axis} at ${declared.value}, the samples have ${size}`);
        }
        return { $typeName: 'onnx.TensorShapeProto.Dimension', denotation: '', value: { case: 'dimValue', value: BigInt(size) } };
      }),
    };
  }
  return fixed;
}
