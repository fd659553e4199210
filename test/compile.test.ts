import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { REAL_MODEL_FILES } from '../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from './support/controller';
import { Api, api } from './support/http';
import { COMPILER_MAIN, RunningProcess, startProcess } from './support/processes';

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

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
    const model = await readFile(REAL_MODEL_FILES.cls);
    await request(controller.url)
      .post('/api/v1/models/text-direction/versions')
      .set('Authorization', `Bearer ${controller.adminToken}`)
      .set('Content-Type', 'application/octet-stream')
      .send(model)
      .expect(201);
  });
  afterAll(async () => {
    await compiler?.stop();
    await controller.close();
  });

  it('queues one job per profile, and cancels a job that waits', async () => {
    const queued = await operator.post('/models/text-direction/versions/1/compile', {}).expect(202);
    expect(queued.body).toEqual([
      expect.objectContaining({ model: 'text-direction', version: 1, hardwareProfile: 'gpu', status: 'queued' }),
    ]);

    const cancelled = await operator.delete(`/compile-jobs/${queued.body[0].id}`).expect(200);

    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'cancelled by an operator' });
    const again = await operator.delete(`/compile-jobs/${queued.body[0].id}`).expect(409);
    expect(again.body.code).toBe('compile_job.finished');
  });

  it('compiles and verifies the gpu variant in the compiler process', async () => {
    const requested = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['gpu'] }).expect(202);
    const [job] = requested.body;
    expect(job.status).toBe('queued'); // the cancelled job is queued again
    compiler = await startProcess(
      COMPILER_MAIN,
      {
        DATABASE_URL: controller.config.DATABASE_URL,
        REDIS_URL: controller.config.REDIS_URL,
        EDGEPLANE_DATA_DIR: controller.config.EDGEPLANE_DATA_DIR,
        EDGEPLANE_QUEUE_PREFIX: controller.config.EDGEPLANE_QUEUE_PREFIX,
        LOG_LEVEL: 'info',
      },
      /Consuming compile jobs/,
    );

    const finished = await waitForFinish(job.id);

    expect(finished).toMatchObject({ status: 'accepted', attempts: 1, reason: null, stage: null });
    expect(finished.figures.inputs).toEqual({ source: 'synthetic', count: 8 });
    expect(finished.figures.cosine).toBeGreaterThanOrEqual(0.9999);
    expect(finished.figures.top1Agreement).toBe(1);
    expect(finished.figures.sizeRatio).toBeLessThanOrEqual(0.55);
    expect(finished.artifact.sizeBytes).toBe(finished.figures.sizeBytes);
    const variants = await operator.get('/models/text-direction/versions/1/variants').expect(200);
    expect(variants.body.map((v: { id: string }) => v.id)).toEqual([job.id]);
  });

  it('does not compile the same request twice', async () => {
    const repeated = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['gpu'] }).expect(202);

    expect(repeated.body).toEqual([expect.objectContaining({ status: 'accepted', attempts: 1 })]);
  });

  it('refuses profiles the compiler has no pass for, and unknown ones', async () => {
    const cpu = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['cpu'] }).expect(400);
    expect(cpu.body.code).toBe('compile.profile_not_compilable');
    const unknown = await operator.post('/models/text-direction/versions/1/compile', { profiles: ['tpu-v9'] }).expect(404);
    expect(unknown.body.code).toBe('hardware_profile.not_found');
    await operator.post('/models/text-direction/versions/7/compile', {}).expect(404);
  });
});
