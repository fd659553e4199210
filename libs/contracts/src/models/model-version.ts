import type { ModelMetadata } from './model-metadata';

/** One uploaded, immutable version of a model, as the operator API returns it. */
export interface ModelVersionView {
  /** Model name. */
  model: string;
  /** Version number, 1-based, in upload order. */
  version: number;
  /** Hex SHA-256 of the ONNX file: its address in the artifact store. */
  sha256: string;
  /** File size in bytes. */
  sizeBytes: number;
  /** What the file declares: IR version, opsets, inputs/outputs, operators, parameters. */
  metadata: ModelMetadata;
  /** The version this one was distilled from (its teacher), or null. */
  teacher: { model: string; version: number } | null;
  /** Sample inputs used to calibrate and verify variants, or null (verification then uses synthetic inputs). */
  calibrationSet: { sha256: string; samples: number; sizeBytes: number } | null;
  /** ISO 8601 upload time. */
  createdAt: string;
}

/** A model in the list of models. */
export interface ModelSummaryView {
  /** Model name. */
  name: string;
  /** Number of versions. */
  versions: number;
  /** Highest version number, or null. */
  latestVersion: number | null;
  /** ISO 8601 time of the first upload. */
  createdAt: string;
}
