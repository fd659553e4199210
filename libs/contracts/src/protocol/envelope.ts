import { type TSchema, Type as T } from '@sinclair/typebox';
import { PROTOCOL_VERSION } from './topics';
import { Timestamp, Uuid } from './schema-primitives';

/**
 * The envelope every message carries, next to its `body`. The device id must equal the one in the
 * topic (a device cannot speak for another); the message id makes redeliveries recognisable (the
 * controller stores each telemetry message once); the timestamp orders reports of one device.
 */
export const envelopeProperties = {
  /** Protocol version of the body; a receiver refuses versions it does not know. */
  schemaVersion: T.Literal(PROTOCOL_VERSION),
  /** Unique per message (UUID), kept across redeliveries of the same message. */
  messageId: Uuid,
  /** When the sender created the message, by its own clock. */
  sentAt: Timestamp,
  /** The device the message is from or for; equal to the topic's device id. */
  deviceId: Uuid,
};

/** A message schema: the envelope and a closed body. */
export function messageSchema<Body extends TSchema>(title: string, description: string, body: Body) {
  return T.Object({ ...envelopeProperties, body }, { $id: title, title, description, additionalProperties: false });
}
