import type { Readable } from 'node:stream';

/** Hex SHA-256 of an artifact's bytes: its address in the store. */
export type Sha256 = string;

/**
 * An upload received in full but not yet part of the store. The caller inspects the local copy,
 * then either commits it (it becomes addressable by its hash) or discards it (nothing remains).
 */
export interface StagedArtifact {
  readonly sha256: Sha256;
  readonly sizeBytes: number;
  /** A local file holding the bytes, readable until commit or discard. */
  readonly localPath: string;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Content-addressed storage for model files and compiled variants. The local filesystem store is the
 * default; an S3-compatible store implements the same contract (stage locally, upload on commit).
 */
export interface ArtifactStore {
  /**
   * Streams `source` to staging while hashing it. Rejects with ArtifactTooLargeError as soon as more
   * than `maxBytes` arrive, leaving nothing behind.
   */
  stage(source: Readable, maxBytes: number): Promise<StagedArtifact>;
  /** Reads a stored artifact; rejects with ArtifactNotFoundError if there is none. */
  open(sha256: Sha256, range?: { start: number; end?: number }): Promise<Readable>;
  /** Size in bytes, or null if the artifact is not stored. */
  size(sha256: Sha256): Promise<number | null>;
  /** Deletes an artifact; no error if it is already gone. */
  remove(sha256: Sha256): Promise<void>;
}

/** Injection token: the ArtifactStore a process uses. */
export const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');
