import { type Assignment, decodeDeviceMessage, DeviceChannel, envelope } from '@edgeplane/contracts';
import { ModelHost } from '../serving/model-host';
import { ReportedStateTracker } from './reported-state.tracker';

const DEVICE = '019a0000-0000-7000-8000-000000000001';
const VARIANT = '019a0000-0000-7000-8000-0000000000aa';

describe('ReportedStateTracker', () => {
  it('reports any failure reason in a form the protocol accepts: NUL replaced, cut to 2,000 characters', () => {
    const sut = new ReportedStateTracker(new ModelHost(), () => undefined);
    sut.begin(1, [{ model: 'text-direction', variantId: VARIANT } as Assignment]); // the tracker reads only these two

    sut.failed('text-direction', `model failed to load: bad\0name ${'x'.repeat(5_000)}`);

    const [assignment] = sut.body().assignments;
    expect(assignment.reason).toHaveLength(2000);
    expect(assignment.reason).toMatch(/^model failed to load: bad\uFFFDname x+$/);
    expect(decodeDeviceMessage(DeviceChannel.Reported, DEVICE, JSON.stringify(envelope(DEVICE, sut.body())))).toMatchObject({ ok: true });
  });
});
