/** How a variant compares with the fp32 original, measured in ONNX Runtime on the same inputs. */
export interface VerificationFigures {
  /** Where the inputs came from: the version's calibration set, or generated from declared shapes. */
  inputs: { source: 'calibration-set' | 'synthetic'; count: number };
  /**
   * What the accuracy figures (cosines, errors, top-1) were measured on: 'host-kernels', ORT's
   * optimised kernels on the compiler host, as a CPU device runs them; or 'simulated-int8', the
   * QDQ graph unfused, its int8 rounding exact and its sums in float, as an accelerator that
   * accumulates int8 in int32 computes it (an x86 host without VNNI saturates int8 sums, so its
   * own kernels would understate such a device). Latency and integer kernels are always the host's.
   */
  accuracyMeasuredOn: 'host-kernels' | 'simulated-int8';
  /** Mean cosine similarity of each output with the original's, over inputs and outputs. */
  cosine: number;
  /** Lowest cosine similarity seen on any single input. */
  minCosine: number;
  /** Largest absolute difference of any output element. */
  maxAbsError: number;
  /** Largest difference relative to the original output's largest magnitude. */
  maxRelError: number;
  /** Share of predictions (rows along the last axis, over all inputs) whose argmax agrees; null unless outputs are class probabilities. */
  top1Agreement: number | null;
  /** Size of the variant file in bytes, and its ratio to the original's. */
  sizeBytes: number;
  sizeRatio: number;
  /** Median latency of one inference on the compiler host (not a device: device latency comes from the fleet). */
  hostLatencyMs: { original: number; variant: number };
  /** Integer operators ORT runs after its graph optimisations (MatMulInteger, QLinearConv, …), by type. */
  integerKernels: Record<string, number>;
  /** For a distilled model: how this variant agrees with the teacher's fp32 outputs on the same inputs. */
  teacherAgreement?: TeacherAgreement | null;
}

/** Teacher–student agreement, so operators can choose a distilled model per hardware class. */
export interface TeacherAgreement {
  /** The teacher, `<model>@<version>`. */
  teacher: string;
  /** Mean and lowest cosine similarity of the variant's outputs with the teacher's. */
  cosine: number;
  minCosine: number;
  /** Share of predictions whose argmax matches the teacher's; null unless outputs are class probabilities. */
  top1Agreement: number | null;
}
