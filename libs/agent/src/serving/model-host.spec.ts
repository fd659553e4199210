import { Tensor } from 'onnxruntime-node';
import { CLS_DIMS, CLS_INPUT, CLS_MODEL_PATH, CLS_OUTPUT, clsInput } from '../testing/cls-model';
import { ModelHost } from './model-host';
import type { ServingRecord } from './serving-state';
import { VariantLoader } from './variant-loader';

const MODEL = 'text-direction';
const record = (variantId: string): ServingRecord => ({
  variantId,
  modelVersion: 1,
  artifactSha256: 'a'.repeat(64),
  samplesSha256: null,
  runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
});
const OLD = record('019a0000-0000-7000-8000-0000000000a1');
const NEW = record('019a0000-0000-7000-8000-0000000000a2');

describe('ModelHost', () => {
  const loader = new VariantLoader(['cpu']);
  const load = ({ variantId, runtime }: ServingRecord) => loader.load({ model: MODEL, variantId, modelPath: CLS_MODEL_PATH, samplesPath: null, runtime });

  it('lets a request in flight finish on the old session while the new variant serves', async () => {
    const sut = new ModelHost();
    const old = await load(OLD);
    sut.activate(MODEL, OLD, old);
    const inFlight = sut.lease(MODEL)!;

    sut.activate(MODEL, NEW, await load(NEW));
    const next = sut.lease(MODEL)!;
    expect(next.variantId).toBe(NEW.variantId);
    expect(sut.get(MODEL)?.lastKnownGood).toEqual(OLD);

    // The old session still runs for the request that started on it…
    const result = await inFlight.session.run({ [CLS_INPUT]: new Tensor('float32', clsInput(), CLS_DIMS) });
    expect(result[CLS_OUTPUT].dims).toEqual([1, 2]);
    expect(old.isReleased).toBe(false);
    // …and is released when that request ends.
    inFlight.release();
    expect(old.isReleased).toBe(true);
    next.release();
    await sut.close();
  });

  it('stops serving a model the desired state no longer names', async () => {
    const sut = new ModelHost();
    const variant = await load(OLD);
    sut.activate(MODEL, OLD, variant);
    sut.assign(['another-model']);
    expect(sut.lease(MODEL)).toBeUndefined();
    expect(sut.isAssigned(MODEL)).toBe(false);
    expect(variant.isReleased).toBe(true);
  });
});
