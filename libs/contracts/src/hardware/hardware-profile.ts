/** The four kinds of hardware Edgeplane compiles for. Every profile, built-in or custom, has one. */
export const HARDWARE_CLASSES = ['cpu', 'gpu', 'fpga', 'asic'] as const;
export type HardwareClass = (typeof HARDWARE_CLASSES)[number];

export const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** `dynamic`: weights ahead of time, activations at run time; `static`: both from calibration data. */
export const QUANTIZATION_SCHEMES = ['none', 'dynamic', 'static'] as const;
export type QuantizationScheme = (typeof QUANTIZATION_SCHEMES)[number];

/** FPGAs rescale with bit shifts, so their quantization scales must be powers of two. */
export const SCALE_CONSTRAINTS = ['float', 'power_of_two'] as const;
export type ScaleConstraint = (typeof SCALE_CONSTRAINTS)[number];

/** The accuracy a variant must keep against the fp32 original to be accepted. */
export interface AccuracyBudget {
  /** Lowest acceptable mean cosine similarity of the outputs (1 = identical direction). */
  minCosine: number;
  /** Lowest acceptable share of predictions whose top-1 class matches, where outputs are class probabilities. */
  minTop1Agreement: number;
}

/** What a model must be to run on a kind of hardware: the compiler's target and the rollout's filter. */
export interface HardwareProfileSpec {
  /** Unique profile name, e.g. `cpu` or `jetson-orin`; also the label on compiled variants. */
  name: string;
  /** The built-in class the profile derives from; rollouts fall back to the class's variant. */
  class: HardwareClass;
  /** One sentence for operators: what hardware this is. */
  description: string;
  /** Numeric precision of the compiled variant's compute. */
  precision: Precision;
  /** How the compiler quantizes for this profile. */
  quantization: QuantizationScheme;
  /** Constraint on quantization scales. */
  scaleConstraint: ScaleConstraint;
  /** Inference runtime the variant is built and verified for. */
  runtime: 'onnxruntime';
  /** ONNX Runtime execution providers to try in order on the device. */
  executionProviders: string[];
  /** ONNX operators the hardware executes; `null` means any operator the runtime supports. */
  operatorAllowlist: string[] | null;
  /** Largest model file the device can hold and load, in bytes. */
  maxModelBytes: number;
  /** Accuracy a variant for this profile must keep; a compile request may override it. */
  accuracyBudget: AccuracyBudget;
}

const MiB = 1024 * 1024;

/**
 * Operators a typical int8 inference ASIC (Edge TPU, Hailo, Ethos class) maps onto its fixed-function
 * units. Anything else would fall back to a host CPU the device may not have, so the compiler refuses it.
 */
export const ASIC_OPERATOR_ALLOWLIST: readonly string[] = [
  'Add', 'AveragePool', 'Clip', 'Concat', 'Conv', 'DequantizeLinear', 'Flatten', 'Gemm',
  'GlobalAveragePool', 'HardSigmoid', 'HardSwish', 'LeakyRelu', 'MatMul', 'MaxPool', 'Mul', 'Pad',
  'QLinearConv', 'QLinearMatMul', 'QuantizeLinear', 'Relu', 'Reshape', 'Resize', 'Sigmoid', 'Slice',
  'Softmax', 'Squeeze', 'Sub', 'Tanh', 'Transpose', 'Unsqueeze',
];

/** The built-in profiles, one per class. Custom profiles start from the one of their class. */
export const BUILT_IN_HARDWARE_PROFILES: Readonly<Record<HardwareClass, HardwareProfileSpec>> = {
  cpu: {
    name: 'cpu',
    class: 'cpu',
    description: 'General-purpose CPU (x86-64 or ARM64): int8 integer kernels via dynamic quantization.',
    precision: 'int8',
    quantization: 'dynamic',
    scaleConstraint: 'float',
    runtime: 'onnxruntime',
    executionProviders: ['cpu'],
    operatorAllowlist: null,
    maxModelBytes: 1024 * MiB,
    accuracyBudget: { minCosine: 0.999, minTop1Agreement: 0.99 },
  },
  gpu: {
    name: 'gpu',
    class: 'gpu',
    description: 'CUDA-capable GPU: fp16 weights and compute, TensorRT where installed.',
    precision: 'fp16',
    quantization: 'none',
    scaleConstraint: 'float',
    runtime: 'onnxruntime',
    executionProviders: ['tensorrt', 'cuda', 'cpu'],
    operatorAllowlist: null,
    maxModelBytes: 2048 * MiB,
    accuracyBudget: { minCosine: 0.9999, minTop1Agreement: 0.99 },
  },
  fpga: {
    name: 'fpga',
    class: 'fpga',
    description: 'FPGA accelerator: static int8 with power-of-two scales (shift-based requantization).',
    precision: 'int8',
    quantization: 'static',
    scaleConstraint: 'power_of_two',
    runtime: 'onnxruntime',
    executionProviders: ['cpu'],
    operatorAllowlist: null,
    maxModelBytes: 256 * MiB,
    accuracyBudget: { minCosine: 0.99, minTop1Agreement: 0.97 },
  },
  asic: {
    name: 'asic',
    class: 'asic',
    description: 'Fixed-function int8 inference ASIC: static int8, only the operators it implements.',
    precision: 'int8',
    quantization: 'static',
    scaleConstraint: 'float',
    runtime: 'onnxruntime',
    executionProviders: ['cpu'],
    operatorAllowlist: [...ASIC_OPERATOR_ALLOWLIST],
    maxModelBytes: 64 * MiB,
    accuracyBudget: { minCosine: 0.99, minTop1Agreement: 0.97 },
  },
};

/** ONNX Runtime execution providers a profile may name (ORT's own short names, lowercase). */
export const EXECUTION_PROVIDERS = [
  'cpu', 'cuda', 'tensorrt', 'rocm', 'migraphx', 'openvino', 'dml', 'coreml', 'nnapi', 'qnn',
  'xnnpack', 'acl', 'armnn', 'vitisai', 'rknpu', 'cann', 'webgpu',
] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];
