import { Type as T } from '@sinclair/typebox';
import { RESOURCE_NAME_PATTERN } from '../naming';

// Building blocks of the protocol's JSON Schemas. Every string and array is bounded: a device is
// untrusted input, and an unbounded field is a memory attack on the controller.

export const Uuid = T.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'Lowercase UUID.',
});

export const Timestamp = T.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  description: 'ISO 8601 time in UTC, e.g. 2026-11-28T15:10:00.000Z.',
});

export const Sha256 = T.String({ pattern: '^[0-9a-f]{64}$', description: 'Lowercase hex SHA-256.' });

export const ResourceName = T.String({ pattern: RESOURCE_NAME_PATTERN.source, maxLength: 63 });

export const Count = T.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const NonNegative = T.Number({ minimum: 0, maximum: 1e15 });

// Free text is stored in PostgreSQL, whose text cannot hold NUL: one NUL failed the whole batch it
// was written with. So free text is any character but NUL.
const NO_NUL = '^[^\\u0000]*$';

/** Free text meant for operators: why something failed. Long enough for a stack-free error message. */
export const Reason = T.String({ maxLength: 2000, pattern: NO_NUL });

export const ShortText = T.String({ maxLength: 128, pattern: NO_NUL });

/** At most this many assignments (one per model name) per device. */
export const MAX_ASSIGNMENTS = 32;
