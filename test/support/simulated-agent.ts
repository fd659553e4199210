import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { DeviceChannel, deviceTopic, envelope, PROTOCOL_QOS, type DesiredState, type ReportedState, type StatusMessage } from '@edgeplane/contracts';

/** The states a device without a runtime reports for a desired state: it never verifies or loads anything. */
export type SimulatedAssignmentState = 'downloading' | 'active' | 'failed';

/**
 * What an agent reports for `desired` when every assignment is in `state`: `appliedRevision` moves to
 * the desired revision once the assignments are `active` or `failed`. Shared by the tests' simulated
 * device and the benchmarks' simulated fleet, so both speak exactly as the protocol says.
 */
export function agentReport(desired: DesiredState, state: SimulatedAssignmentState, appliedRevision: number, failWith: string | null = null): ReportedState {
  return {
    appliedRevision: state === 'downloading' ? appliedRevision : desired.revision,
    revision: desired.revision,
    assignments: desired.assignments.map((assignment) => ({
      model: assignment.model,
      variantId: assignment.variantId,
      state,
      reason: state === 'failed' ? failWith : null,
      activeVariantId: state === 'active' ? assignment.variantId : null,
      lastKnownGoodVariantId: state === 'active' ? assignment.variantId : null,
      download: state === 'downloading' ? { receivedBytes: 0, totalBytes: assignment.artifact.sizeBytes } : null,
    })),
  };
}

/**
 * An MQTT 5 connection as the agent opens it: client id and username = device id, the secret as
 * password, an `offline` last will (retained) carrying this connection's `session`; subscribed to its
 * desired state.
 */
export async function connectAsDevice(brokerUrl: string, id: string, secret: string, options: { connectTimeout?: number } = {}): Promise<{ client: MqttClient; session: string }> {
  const session = randomUUID();
  const will = envelope(id, { state: 'offline', cause: 'will', session });
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: id,
    username: id,
    password: secret,
    protocolVersion: 5,
    reconnectPeriod: 0,
    ...options,
    will: { topic: deviceTopic(id, DeviceChannel.Status), payload: Buffer.from(JSON.stringify(will)), qos: PROTOCOL_QOS, retain: true },
  });
  await client.subscribeAsync(deviceTopic(id, DeviceChannel.Desired), { qos: PROTOCOL_QOS });
  return { client, session };
}

/** The `online` status body a simulated agent announces on connect. */
export function onlineStatus(session: string, agentVersion: string): StatusMessage['body'] {
  return {
    state: 'online',
    session,
    agentVersion,
    capabilities: { cpuArch: 'x64', cpuCores: 4, memoryBytes: 8 * 2 ** 30, accelerators: [], executionProviders: ['cpu'] },
  };
}
