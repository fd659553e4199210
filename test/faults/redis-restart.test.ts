import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { type CompileJobView, QueueName } from '@edgeplane/contracts';
import { redisOptionsFromUrl } from '@edgeplane/platform';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { eventually } from '../fleet/fleet-fixture';
import { ControllerProcess } from '../support/controller-process';
import { Api, api, sendRaw } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { startOwnRedis, type OwnRedis } from '../support/own-redis';
import { RunningProcess, startCompilerFor } from '../support/processes';

const PROFILES = ['cpu', 'gpu', 'fpga', 'asic'];

/**
 * Redis restarted with compile jobs waiting in it and no compiler running yet. This Redis keeps
 * nothing across a restart (no RDB, no AOF): the jobs are gone from Redis, and only PostgreSQL still
 * knows them as queued. Every one must still be compiled, once.
 */
describe('fault: Redis restarts with compile jobs queued', () => {
  let redis: OwnRedis;
  let controller: ControllerProcess;
  let operator: Api;
  let compiler: RunningProcess | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis();
    controller = await ControllerProcess.create({ env: { REDIS_URL: redis.url } });
    await controller.start();
    operator = api(controller, controller.adminToken);
  }, 90_000);
  afterAll(async () => {
    await compiler?.stop();
    await controller?.close();
    await redis?.stop();
  });

  it('compiles every job queued before the restart, each once', async () => {
    const upload = await sendRaw(controller, '/models/text-direction/versions', await readFile(REAL_MODEL_FILES.cls)).expect(201);
    const queued = (await operator.post('/models/text-direction/versions/1/compile', { profiles: PROFILES }).expect(202)).body as CompileJobView[];
    expect(queued.map((job) => job.status)).toEqual(PROFILES.map(() => 'queued'));
    expect(await waitingJobs(controller)).toBe(PROFILES.length);

    // Comes back empty (no persistence): the jobs are gone (not asserted: the controller may queue them again at once).
    await redis.stop();
    await redis.start();
    compiler = await startCompilerFor(controller);

    const finished = await eventually(async () => {
      const jobs = (await operator.get('/models/text-direction/versions/1/variants').expect(200)).body as CompileJobView[];
      return jobs.every((job) => !['queued', 'compiling'].includes(job.status)) ? jobs : undefined;
    }, 'every compile job to finish', 90_000).catch(() => undefined);
    const jobs = finished ?? ((await operator.get('/models/text-direction/versions/1/variants').expect(200)).body as CompileJobView[]);

    const done = jobs.filter((job) => ['accepted', 'rejected'].includes(job.status));
    expectNothingLost({ jobs: queued.length - done.length }, `jobs: ${JSON.stringify(jobs.map(({ hardwareProfile, status, attempts }) => ({ hardwareProfile, status, attempts })))}\ncontroller:\n${controller.output().slice(-3000)}`);
    // One variant per profile, each compiled once; the store holds the upload and each variant's files, nothing else.
    expect(jobs.map((job) => [job.hardwareProfile, job.attempts]).sort()).toEqual(PROFILES.map((profile) => [profile, 1]).sort());
    const store = join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts', 'sha256');
    const stored = (await readdir(store, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    const referenced = new Set([upload.body.sha256, ...jobs.flatMap((job) => [job.artifact?.sha256, job.samples?.sha256]).filter((sha) => sha !== undefined)]);
    expect(stored.sort()).toEqual([...referenced].sort());
  }, 150_000);
});

/** Compile jobs waiting in the controller's queue, read straight from Redis. */
async function waitingJobs({ config }: ControllerProcess): Promise<number> {
  const queue = new Queue(QueueName.Compile, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix: config.EDGEPLANE_QUEUE_PREFIX });
  try {
    return await queue.getWaitingCount();
  } finally {
    await queue.close();
  }
}
