import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { SAMPLES_EXPECTED_PREFIX, SAMPLES_INPUT_PREFIX } from '@edgeplane/contracts';
import {
  cosineSimilarity,
  liftConstants,
  type NpyArray,
  readModel,
  readNpz,
  upgradeOpset,
  writeCalibrationSet,
  writeModel,
} from '@edgeplane/onnx';
import { model, REAL_MODEL_FILES } from '../libs/onnx/src/testing/onnx-test-models';
import { textLikeImage } from '../libs/onnx/src/testing/text-like-image';
import { startController, TestController } from './support/controller';
import { Api, api, sendRaw } from './support/http';
import { RunningProcess, startCompilerFor } from './support/processes';

/** Upload → compile → verified variant, through the API, with a real compiler process. */
describe('compiling a model', () => {
  let controller: TestController;
  let operator: Api;
  let compiler: RunningProcess | undefined;

  const waitForFinish = async (id: string) => {
    for (let i = 0; i < 240; i++) {
      const job = await operator.get(`/compile-jobs/${id}`).expect(200);
      if (!['queued', 'compiling'].includes(job.body.status)) return job.body;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`compile job ${id} did not finish in 60 s:\n${compiler?.output()}`);
  };

  const download = async (path: string): Promise<Buffer> => (await operator.get(path).expect(200)).body;

  /**
   * The samples a device self-tests with: the promised file, holding every input and output of the
   * variant, whose expected outputs are what ONNX Runtime computes with the variant file itself.
   */
  const expectSelfTestSamples = async (job: { id: string; samples: { sha256: string; sizeBytes: number } }) => {
    const npz = await download(`/variants/${job.id}/samples`);
    expect({ sha256: createHash('sha256').update(npz).digest('hex'), sizeBytes: npz.length }).toEqual(job.samples);
    const arrays = readNpz(npz);
    const session = await InferenceSession.create(await download(`/variants/${job.id}/artifact`));
    try {
      const names = [...session.inputNames.map((name) => SAMPLES_INPUT_PREFIX + name), ...session.outputNames.map((name) => SAMPLES_EXPECTED_PREFIX + name)];
      expect([...arrays.keys()].sort()).toEqual(names.sort());
      const count = arrays.get(SAMPLES_INPUT_PREFIX + session.inputNames[0])!.shape[0];
      expect(count).toBe(4);
      for (let index = 0; index < count; index++) {
        const feeds = Object.fromEntries(session.inputNames.map((name) => [name, sample(arrays.get(SAMPLES_INPUT_PREFIX + name)!, index)]));
        const outputs = await session.run(feeds);
        for (const name of session.outputNames) {
          const expected = sample(arrays.get(SAMPLES_EXPECTED_PREFIX + name)!, index);
          expect(outputs[name].dims).toEqual(expected.dims);
          expect(cosineSimilarity(outputs[name].data as Float32Array, expected.data as Float32Array)).toBeGreaterThanOrEqual(0.9999);
        }
      }
    } finally {
      await session.release();
    }
  };

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
    await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    await sendRaw(controller, '/models/text-detector/versions', await readFile(REAL_MODEL_FILES.det)).expect(201);
  });
  afterAll(async () => {
    await compiler?.stop();
    await controller.close();
  });

  it('queues one job per built-in profile, and cancels a job that waits', async () => {
    const queued = await operator.post('/models/text-direction/versions/1/compile', {}).expect(202);
    expect(queued.body.map((job: { hardwareProfile: string; status: string }) => [job.hardwareProfile, job.status])).toEqual([
      ['cpu', 'queued'],
      ['gpu', 'queued'],
      ['fpga', 'queued'],
      ['asic', 'queued'],
    ]);
    const gpu = queued.body[1];

    const cancelled = await operator.delete(`/compile-jobs/${gpu.id}`).expect(200);

    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'cancelled by an operator' });
    const again = await operator.delete(`/compile-jobs/${gpu.id}`).expect(409);
    expect(again.body.code).toBe('compile_job.finished');
  });

  it('compiles and verifies a variant per profile in the compiler process', async () => {
    const requested = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['gpu'] }).expect(202);
    expect(requested.body[0].status).toBe('queued'); // the cancelled job is queued again
    compiler = await startCompilerFor(controller);
    const jobs = (await operator.get('/models/text-direction/versions/1/variants').expect(200)).body;

    const finished = Object.fromEntries(
      await Promise.all(jobs.map(async (job: { id: string; hardwareProfile: string }) => [job.hardwareProfile, await waitForFinish(job.id)])),
    );

    for (const variant of Object.values(finished) as any[]) {
      // Accepted exactly when the figures keep the budget: the gate, not the test, decides.
      const { minCosine, minTop1Agreement } = variant.accuracyBudget;
      const keeps = variant.figures.cosine >= minCosine && (variant.figures.top1Agreement ?? 1) >= minTop1Agreement;
      expect({ profile: variant.hardwareProfile, status: variant.status }).toEqual({
        profile: variant.hardwareProfile,
        status: keeps ? 'accepted' : 'rejected',
      });
      expect(variant.figures.inputs).toEqual({ source: 'synthetic', count: 8 });
      expect(variant.artifact.sizeBytes).toBe(variant.figures.sizeBytes);
      expect(variant.attempts).toBe(1);
      if (keeps) await expectSelfTestSamples(variant);
      else expect(variant.samples).toBeNull();
    }
    expect(finished.gpu).toMatchObject({ status: 'accepted', reason: null, stage: null });
    expect(finished.gpu.figures.cosine).toBeGreaterThanOrEqual(0.9999);
    expect(finished.gpu.figures.sizeRatio).toBeLessThanOrEqual(0.55);
    expect(finished.cpu.status).toBe('accepted');
    expect(finished.cpu.figures.integerKernels).toEqual({ DynamicQuantizeMatMul: 1 });
    expect(finished.asic.figures.integerKernels.QLinearConv).toBe(53);
    expect(finished.asic.passReport.inputShapes).toEqual({ x: [1, 3, 64, 64] }); // fixed to the calibration samples
    // BatchNormalization is folded into the Convs; the classifier's hard-swish Divs stay on the host.
    const fallback = finished.asic.passReport.hostFallback.map((node: { opType: string }) => node.opType);
    expect(fallback).toContain('Div');
    expect(fallback).not.toContain('BatchNormalization');
  });

  it('rejects a variant outside its budget, with the numbers', async () => {
    // The detector answers uniform noise with probabilities near 1e-6 (fp16 subnormals): on synthetic
    // inputs the fp16 variant cannot show that it keeps accuracy, and the gate must say so.
    const [job] = (await operator.post('/models/text-detector/versions/1/compile', { profiles: ['gpu'] }).expect(202)).body;

    const finished = await waitForFinish(job.id);

    expect(finished.status).toBe('rejected');
    expect(finished.reason).toMatch(/^outside the accuracy budget \(measured on synthetic inputs\): output cosine 0\.\d+ < 0\.9999/);
    expect(finished.figures.cosine).toBeLessThan(0.9999);
    expect(finished.samples).toBeNull(); // a variant no device may run needs no self-test
  });

  it('verifies on the calibration set of the version once it has one', async () => {
    const samples = [1, 2, 3, 4].map((seed) => ({
      feeds: { x: { type: 'float32' as const, data: textLikeImage(seed, 96, 96), dims: [1, 3, 96, 96] } },
    }));
    const attached = await sendRaw(controller, '/models/text-detector/versions/1/calibration-set', writeCalibrationSet(samples), { method: 'put' }).expect(200);
    expect(attached.body.calibrationSet).toMatchObject({ samples: 4 });

    const [job] = (await operator.post('/models/text-detector/versions/1/compile', { profiles: ['gpu'] }).expect(202)).body;
    const finished = await waitForFinish(job.id);

    expect(finished).toMatchObject({ status: 'accepted', hardwareProfile: 'gpu' });
    expect(finished.figures.inputs).toEqual({ source: 'calibration-set', count: 4 });
    expect(finished.figures.cosine).toBeGreaterThanOrEqual(0.9999);
    await expectSelfTestSamples(finished);
    // The device checks itself on the calibration inputs, as the compiler did, not on synthetic ones.
    const inputs = readNpz(await download(`/variants/${job.id}/samples`)).get(`${SAMPLES_INPUT_PREFIX}x`)!;
    expect(inputs.data).toEqual(Float32Array.from(samples.flatMap((input) => Array.from(input.feeds.x.data))));
    const variants = await operator.get('/models/text-detector/versions/1/variants').expect(200);
    expect(variants.body.map((v: { status: string }) => v.status)).toEqual(['rejected', 'accepted']);
  });

  it('refuses a calibration set that does not fit the model, and keeps the old one', async () => {
    const wrong = [{ feeds: { x: { type: 'float32' as const, data: new Float32Array(6), dims: [1, 3, 2] } } }];

    const response = await sendRaw(controller, '/models/text-detector/versions/1/calibration-set', writeCalibrationSet(wrong), { method: 'put' }).expect(400);

    expect(response.body).toMatchObject({ code: 'calibration.invalid' });
    expect(response.body.detail).toContain('x samples have rank 3, the model declares rank 4');
    const version = await operator.get('/models/text-detector/versions/1').expect(200);
    expect(version.body.calibrationSet.samples).toBe(4);
  });

  it('reports how a distilled student agrees with its teacher', async () => {
    // A stand-in student: the classifier rewritten to opset 13 — other bytes, same interface.
    const student = writeModel(upgradeOpset(liftConstants(readModel(await readFile(REAL_MODEL_FILES.cls))), 13));
    const uploaded = await sendRaw(controller, '/models/text-direction-student/versions?teacher=text-direction@1', student).expect(201);
    expect(uploaded.body.teacher).toEqual({ model: 'text-direction', version: 1 });

    const [job] = (await operator.post('/models/text-direction-student/versions/1/compile', { profiles: ['gpu'] }).expect(202)).body;
    const finished = await waitForFinish(job.id);

    expect(finished.figures.teacherAgreement).toMatchObject({ teacher: 'text-direction@1', top1Agreement: 1 });
    expect(finished.figures.teacherAgreement.cosine).toBeGreaterThanOrEqual(0.9999);
  });

  it('refuses a teacher with another interface, or one that does not exist', async () => {
    const cls = await readFile(REAL_MODEL_FILES.cls);

    const mismatch = await sendRaw(controller, '/models/odd-student/versions?teacher=text-detector@1', cls).expect(400);
    expect(mismatch.body.code).toBe('model.teacher_incompatible');
    expect(mismatch.body.detail).toContain('sigmoid_0.tmp_0:float32');
    const missing = await sendRaw(controller, '/models/odd-student/versions?teacher=text-detector@9', cls).expect(404);
    expect(missing.body.code).toBe('model.version_not_found');
    await sendRaw(controller, '/models/odd-student/versions?teacher=nonsense', cls).expect(400);
    await operator.get('/models/odd-student/versions').expect(404);
  });

  it('drops pruning that would break the accuracy budget, and says so', async () => {
    const [job] = (
      await operator
        .post('/models/text-direction/versions/1/compile', { profiles: ['gpu'], options: { pruneSparsity: 0.5 } })
        .expect(202)
    ).body;

    const finished = await waitForFinish(job.id);

    expect(finished.options).toEqual({ pruneSparsity: 0.5 });
    expect(finished.status).toBe('accepted');
    expect(finished.passReport.pruning).toMatchObject({ kept: false, reason: expect.stringMatching(/^outside the accuracy budget/) });
    expect(finished.passReport.pruning.achievedSparsity).toBeCloseTo(0.5, 2);
    expect(finished.figures.cosine).toBeGreaterThanOrEqual(0.9999);
  });

  it('leaves the nodes an operator names in float on an accelerator, and fails at once on a name that does not exist', async () => {
    const request = (keepInFloat: string[]) =>
      operator.post('/models/text-direction/versions/1/compile', { profiles: ['asic'], options: { keepInFloat } }).expect(202);
    const [kept] = (await request(['p2o.Conv.0'])).body;
    const [misspelt] = (await request(['p2o.Conv.O'])).body;

    const [finished, failed] = await Promise.all([waitForFinish(kept.id), waitForFinish(misspelt.id)]);

    expect(finished.status).toBe('accepted');
    expect(finished.passReport.hostFallback).toContainEqual(
      expect.objectContaining({ node: 'p2o.Conv.0', opType: 'Conv', reason: 'kept in float for accuracy' }),
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, artifact: null });
    expect(failed.reason).toContain('"p2o.Conv.O"');
  });

  it('fails a job at once when the model is at fault, and the compiler carries on', async () => {
    // Opset 6 predates the broadcasting rules the opset upgrade can convert: the int8 passes refuse it.
    const ancient = writeModel(model(undefined, { opsetImport: [{ domain: '', version: 6n }] }));
    await sendRaw(controller, '/models/ancient/versions', ancient).expect(201);

    const jobs = (await operator.post('/models/ancient/versions/1/compile', { profiles: ['cpu', 'gpu'] }).expect(202)).body;
    const [cpu, gpu] = await Promise.all(jobs.map((job: { id: string }) => waitForFinish(job.id)));

    // Permanent: failed on the first attempt with the reason, never retried.
    expect(cpu).toMatchObject({ status: 'failed', attempts: 1, artifact: null, samples: null, figures: null });
    expect(cpu.reason).toMatch(/opset 6/);
    expect(gpu).toMatchObject({ status: 'failed', attempts: 1 });
    expect(gpu.reason).toContain('ONNX Runtime could not load it');
    const next = (
      await operator
        .post('/models/text-direction/versions/1/compile', { profiles: ['cpu'], options: { accuracyBudget: { minCosine: 0.99 } } })
        .expect(202)
    ).body[0];
    expect((await waitForFinish(next.id)).status).toBe('accepted');
    expect(compiler?.child.exitCode).toBeNull();
  });

  it('does not compile the same request twice', async () => {
    const repeated = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['gpu'] }).expect(202);

    expect(repeated.body).toEqual([expect.objectContaining({ hardwareProfile: 'gpu', status: 'accepted', attempts: 1 })]);
  });

  it('refuses unknown profiles and versions', async () => {
    const unknown = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['tpu-v9'] }).expect(404);
    expect(unknown.body.code).toBe('hardware_profile.not_found');
    await operator.post('/models/text-direction/versions/7/compile', {}).expect(404);
  });
});

/** Sample `index` of an array stacked on its leading axis, as an ONNX Runtime tensor. */
function sample(array: NpyArray, index: number): Tensor {
  const dims = array.shape.slice(1);
  const size = dims.reduce((a, b) => a * b, 1);
  return new Tensor(array.type, array.data.subarray(index * size, (index + 1) * size) as Float32Array, dims);
}
