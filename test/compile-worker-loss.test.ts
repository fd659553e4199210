import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REAL_MODEL_FILES } from '../libs/onnx/src/testing/onnx-test-models';
import { startController, TestController } from './support/controller';
import { Api, api, sendRaw } from './support/http';
import { RunningProcess, startCompilerFor } from './support/processes';

/**
 * A compiler killed in the middle of a job: the job returns to the queue once its lock expires
 * (BullMQ's stalled-job check, about 30–60 s), another compiler finishes it, and the artifact store
 * never holds a partial file.
 */
describe('losing a compiler mid-job', () => {
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
    await sendRaw(controller, '/models/text-recognizer/versions', await readFile(REAL_MODEL_FILES.rec)).expect(201);
  });
  afterAll(async () => {
    await Promise.all(compilers.map((compiler) => compiler.stop()));
    await controller.close();
  });

  it('finishes the job in another compiler, with no partial artifact', async () => {
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
    expect(['accepted', 'rejected']).toContain(finished.status);
    expect(finished.attempts).toBe(2);
    // Every stored file is whole: its name is the SHA-256 of its bytes.
    const store = join(controller.config.EDGEPLANE_DATA_DIR, 'artifacts', 'sha256');
    const files = (await readdir(store, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    for (const file of files) {
      const bytes = await readFile(join(file.parentPath, file.name));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.name);
    }
    expect(files.map((file) => file.name)).toContain(finished.artifact.sha256);
  }, 150_000);
});
