import { envelope, type TelemetryMessage } from '@edgeplane/contracts';
import type { DeviceStateRepository, RollupPlan, TelemetryRepository } from '@edgeplane/persistence';
import { variantTelemetry } from '../../../test/support/telemetry-bodies';
import { TelemetryIngestService } from './telemetry-ingest.service';

const DEVICE = '0193f0c4-0000-7000-8000-00000000a001';
const VARIANT = '0193f0c4-0000-7000-8000-00000000b001';

function message(): TelemetryMessage {
  const end = new Date();
  return envelope(DEVICE, variantTelemetry(VARIANT, [5], 0, { start: new Date(end.getTime() - 10_000), end })) as TelemetryMessage;
}

/**
 * The scheduling of batch writes only; storing itself is covered against PostgreSQL in
 * test/fleet/device-protocol.test.ts. The repository here stores nothing and lets the test decide
 * when each batch's transaction ends.
 */
describe('TelemetryIngestService', () => {
  it('writes a second batch while the first is still being stored, and tells every caller its message is stored', async () => {
    const open: Array<() => void> = [];
    const telemetry = {
      storeBatch: (rows: { messageId: string }[], plan: (stored: Set<string>) => RollupPlan) =>
        new Promise<Set<string>>((resolve) => {
          plan(new Set(rows.map((row) => row.messageId)));
          open.push(() => resolve(new Set(rows.map((row) => row.messageId))));
        }),
    } as unknown as TelemetryRepository;
    const states = { markHeard: async (ids: string[]) => new Set(ids) } as unknown as DeviceStateRepository;
    const sut = new TelemetryIngestService(telemetry, states);

    const accepted = Array.from({ length: 1_500 }, () => sut.accept(message()));
    // 1,500 messages are three full batches: two are written at once, the third waits for one of them.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open).toHaveLength(2);
    open.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open).toHaveLength(2);
    open.splice(0).forEach((end) => end());
    await expect(Promise.all(accepted)).resolves.toEqual(accepted.map(() => true));
  });
});
