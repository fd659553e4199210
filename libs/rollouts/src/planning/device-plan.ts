import type { WaveSpec } from '@edgeplane/contracts';
import { AcceptedVariant, chooseVariant } from './variant-choice';
import { splitIntoWaves, waveSizes } from './wave-plan';

/** A targeted device as planning needs it. */
export interface PlannableDevice {
  id: string;
  hardwareProfile: string;
  profileClass: string;
}

/** One device's place in a deployment: its wave and its variant, or why it is skipped. */
export interface PlannedDevice {
  deviceId: string;
  waveIndex: number;
  hardwareProfile: string;
  variantId: string | null;
  skipReason: string | null;
}

/** Puts the devices (sorted by id, so the split is deterministic) into waves and picks each one's variant. */
export function planDevices(
  devices: readonly PlannableDevice[],
  waves: readonly Pick<WaveSpec, 'percent' | 'count'>[],
  accepted: readonly AcceptedVariant[],
): PlannedDevice[] {
  const byId = [...devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return splitIntoWaves(byId, waveSizes(waves, byId.length)).flatMap((wave, waveIndex) =>
    wave.map((device) => {
      const choice = chooseVariant(device, accepted);
      return {
        deviceId: device.id,
        waveIndex,
        hardwareProfile: device.hardwareProfile,
        variantId: 'variantId' in choice ? choice.variantId : null,
        skipReason: 'skipReason' in choice ? choice.skipReason : null,
      };
    }),
  );
}
