import { eventually } from '../fleet/fleet-fixture';
import type { Api } from './http';

/** A telemetry message as GET /devices/{id}/telemetry/messages returns it. */
export interface StoredTelemetry {
  messageId: string;
  windowStart: string;
  windowEnd: string;
  receivedAt: string;
  droppedMessages: number;
  /** Predictions the window counted, over all its variants. */
  inferences: number;
}

/**
 * A device's stored telemetry with a window ending after `from`, oldest first, once the newest
 * window ends after `through` (ms); what is stored by then if that takes over `timeoutMs`.
 */
export async function telemetryThrough(operator: Api, deviceId: string, from: Date, through: number, timeoutMs = 60_000): Promise<StoredTelemetry[]> {
  const stored = async () => (await operator.get(`/devices/${deviceId}/telemetry/messages?from=${from.toISOString()}`).expect(200)).body as StoredTelemetry[];
  return eventually(async () => {
    const messages = await stored();
    const last = messages.at(-1);
    return last && Date.parse(last.windowEnd) > through ? messages : undefined;
  }, `telemetry of ${deviceId} through ${new Date(through).toISOString()}`, timeoutMs).catch(stored);
}

/**
 * Telemetry messages an agent sent that are not among `messages`: an agent's windows follow one
 * another without a gap, so a window that does not start where the one before ended means messages
 * went missing: at least one, and as many as whole intervals fit into the gap (give or take a few
 * milliseconds, a window is not shorter than the agent's interval, only longer when its timer runs
 * late). A message its full spool dropped is missing too. Nothing stored at all counts as one.
 */
export function missingTelemetry(messages: StoredTelemetry[], intervalMs: number): number {
  if (messages.length === 0) return 1;
  const gaps = messages.slice(1).map((message, index) => Date.parse(message.windowStart) - Date.parse(messages[index].windowEnd));
  const missing = gaps.filter((gap) => gap !== 0).reduce((sum, gap) => sum + Math.max(1, Math.floor(Math.abs(gap) / intervalMs + 0.1)), 0);
  return missing + messages.reduce((sum, message) => sum + message.droppedMessages, 0);
}
