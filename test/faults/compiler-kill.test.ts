import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompileJobView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from '../support/controller';
import { Api, api, sendRaw } from '../support/http';
import { expectNothingLost } from '../support/lost';
import { RunningProcess, startCompilerFor } from '../support/processes';

/**
 * A compiler SIGKILLed in the middle of a job: the job returns to the queue once its lock expires
 * (BullMQ's stalled-job check, about 30–60 s), another compiler finishes it, and the artifact store
 * holds exactly one whole copy of each file, no partial and no duplicate.
 */
describe('fault: a compiler is killed mid-job', () => {
  let controller: TestController;
  let operator: Api;
  const compilers: RunningProcess[] = [];

  const startCompiler = async () => {
    const compiler = await startCompilerFor(controller);
    compilers.push(compiler);
    return compiler;
  };

  beforeAll(async () => {
    controller = await startController();
    operator = api(controller, controller.adminToken);
  });
  afterAll(async () => {
    await Promise.all(compilers.map((compiler) => compiler.stop()));
    await controller?.close();
  });

  it('retries the job in another compiler: one variant, stored once, whole', async () => {
    // The recogniser's int8 pass takes long enough to be caught in the middle.
    const upload = await sendRaw(controller, '/models/text-recognizer/versions', await readFile(REAL_MODEL_FILES.rec)).expect(201);
    const first = await startCompiler();
    const [job] = (await operator.post('/models/text-recognizer/versions/1/compile', { profiles: ['asic'] }).expect(202)).body;
    let seen = job;
    while (seen.status === 'queued' || (seen.status === 'compiling' && seen.stage !== 'transforming')) {
      seen = (await operator.get(`/compile-jobs/${job.id}`).expect(200)).body;
    }
    expect(seen).toMatchObject({ status: 'compiling', stage: 'transforming' });

    first.child.kill('SIGKILL');
    await first.stop();
    await startCompiler();

    let finished = seen;
    for (let i = 0; i < 120 && ['queued', 'compiling'].includes(finished.status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      finished = (await operator.get(`/compile-jobs/${job.id}`).expect(200)).body;
    }
    expectNothingLost({ jobs: ['accepted', 'rejected'].includes(finished.status) ? 0 : 1 }, `job: ${JSON.stringify(finished)}`);
    expect(finished.attempts).toBe(2);
    // One variant row for the profile: the retry finished the same job, it did not make another.
    const variants = (await operator.get('/models/text-recognizer/versions/1/variants').expect(200)).body as CompileJobView[];
    expect(variants.map((variant) => [variant.id, variant.hardwareProfile])).toEqual([[job.id, 'asic']]);
    // The store holds the upload and this variant's files, each once and whole (named by the SHA-256 of its bytes), nothing staged.
    const store = join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts');
    const files = (await readdir(join(store, 'sha256'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    for (const file of files) {
      const bytes = await readFile(join(file.parentPath, file.name));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.name);
    }
    const expected = [upload.body.sha256, finished.artifact.sha256, finished.samples?.sha256].filter((sha) => sha !== undefined);
    expect(files.map((file) => file.name).sort()).toEqual(expected.sort());
    expect(await readdir(join(store, 'staging')).catch(() => [])).toEqual([]);
  }, 150_000);
});
