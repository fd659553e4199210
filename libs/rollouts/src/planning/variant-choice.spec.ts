import { chooseVariant } from './variant-choice';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const accepted = [
  { id: 'gpu-old', hardwareProfile: 'gpu', finishedAt: at(1) },
  { id: 'gpu-new', hardwareProfile: 'gpu', finishedAt: at(2) },
  { id: 'orin', hardwareProfile: 'jetson-orin', finishedAt: at(0) },
  { id: 'cpu', hardwareProfile: 'cpu', finishedAt: at(0) },
];

describe('chooseVariant', () => {
  it("takes the variant built for the device's own profile first", () => {
    expect(chooseVariant({ hardwareProfile: 'jetson-orin', profileClass: 'gpu' }, accepted)).toEqual({ variantId: 'orin', variantProfile: 'jetson-orin' });
  });

  it("falls back to the newest variant of the profile's class", () => {
    expect(chooseVariant({ hardwareProfile: 'jetson-xavier', profileClass: 'gpu' }, accepted)).toEqual({ variantId: 'gpu-new', variantProfile: 'gpu' });
  });

  it('skips a device with neither, saying why', () => {
    expect(chooseVariant({ hardwareProfile: 'alveo', profileClass: 'fpga' }, accepted)).toEqual({
      skipReason: 'no accepted variant for profile alveo or its class fpga',
    });
  });
});
