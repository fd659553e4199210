import { EdgeplaneError } from '@edgeplane/contracts';

/** keepInFloat named a node the pass does not quantize: a typo would silently quantize the node meant to be kept. */
export class UnknownKeepInFloatNodeError extends EdgeplaneError {
  constructor(names: string[]) {
    super(
      'invalid',
      'compile.unknown_keep_in_float_node',
      `keepInFloat: ${names.map((name) => JSON.stringify(name)).join(', ')} not among the named Conv/MatMul/Gemm ` +
        'nodes with initializer weights that the static int8 pass quantizes',
      { names },
    );
  }
}
