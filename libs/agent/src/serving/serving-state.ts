import { type Static, Type as T } from '@sinclair/typebox';
import { ResourceName, RuntimeSettings, Sha256, Uuid } from '@edgeplane/contracts';

/** Enough about a variant to load it again from disk, with no network. */
export const ServingRecord = T.Object(
  {
    /** The compiled variant. */
    variantId: Uuid,
    /** Model version it compiles. */
    modelVersion: T.Integer({ minimum: 1 }),
    /** Hash of its .onnx file in the artifacts directory. */
    artifactSha256: Sha256,
    /** Hash of its samples .npz in the artifacts directory, or null. */
    samplesSha256: T.Union([Sha256, T.Null()]),
    /** How it runs. */
    runtime: RuntimeSettings,
  },
  { additionalProperties: false },
);
export type ServingRecord = Static<typeof ServingRecord>;

/** Per model: the variant serving and the one before it (the fallback kept on disk). */
export const ServingState = T.Record(
  ResourceName,
  T.Object(
    {
      /** Serving now. */
      active: ServingRecord,
      /** Served before `active` took over and passed its self-test then; null when there was none. */
      lastKnownGood: T.Union([ServingRecord, T.Null()]),
    },
    { additionalProperties: false },
  ),
);
export type ServingState = Static<typeof ServingState>;
