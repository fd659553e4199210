/** How a variant compares with the fp32 original, measured in ONNX Runtime on the same inputs. */
export interface VerificationFigures {
  /** Where the inputs came from: the version's calibration set, or generated from declared shapes. */
  inputs: { source: 'calibration-set' | 'synthetic'; count: number };
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
