import type { CompileJobView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';
import { api } from '../support/http';
import { RunningProcess, startCompilerFor } from '../support/processes';

describe('edgeplane CLI: compile', () => {
  let controller: TestController;
  let compiler: RunningProcess;
  let shell: CliShell;

  beforeAll(async () => {
    controller = await startController();
    compiler = await startCompilerFor(controller);
    shell = await cliShell();
    expect((await shell.run(['login', '--url', controller.url, '--key', controller.adminToken])).code).toBe(0);
    expect((await shell.run(['models', 'push', 'text-direction', REAL_MODEL_FILES.cls])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await shell?.cleanup();
    await compiler?.stop();
    await controller?.close();
  });

  it('waits until the variant is accepted, printing its progress and figures, and exits 0', async () => {
    const run = await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cpu: queued$/m);
    expect(run.stdout).toMatch(/^cpu: accepted: cosine 0\.\d{4}, top-1 agreement [\d.]+%, .*× the original\) \[variant \S+\]$/m);

    const json = await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu', '--json']);
    expect(json.code).toBe(0);
    const jobs = JSON.parse(json.stdout) as CompileJobView[];
    expect(jobs).toEqual([expect.objectContaining({ hardwareProfile: 'cpu', status: 'accepted' })]);
  }, 300_000);

  it('exits 1 when no variant is accepted, with the reason', async () => {
    // A profile no variant of this model fits: its size limit is below any model's size.
    await api(controller, controller.adminToken).post('/hardware-profiles', { name: 'tiny', class: 'cpu', maxModelBytes: 1024 }).expect(201);
    const run = await shell.run(['compile', 'text-direction', '1', '--profiles', 'tiny']);
    expect(run.stdout).toMatch(/^tiny: rejected: .+/m);
    expect(run.stderr).toContain('No variant of text-direction version 1 was accepted');
    expect(run.code).toBe(1);
  }, 300_000);

  it('passes compile options to the compiler: a stricter accuracy budget than any int8 variant meets rejects it', async () => {
    const run = await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu', '--min-cosine', '1', '--json']);
    expect(run.code).toBe(1);
    const [job] = JSON.parse(run.stdout) as CompileJobView[];
    expect(job).toMatchObject({ hardwareProfile: 'cpu', status: 'rejected', options: { accuracyBudget: { minCosine: 1 } } });
    expect(job.reason).toMatch(/cosine/i);

    const badPrune = await shell.run(['compile', 'text-direction', '1', '--prune', '2']);
    expect(badPrune.code).toBe(2);
    expect(badPrune.stderr).toContain('--prune 2: must be a number from 0 to 1');
    const refusedPrune = await shell.run(['compile', 'text-direction', '1', '--profiles', 'cpu', '--prune', '0.99']);
    expect(refusedPrune.code).toBe(5);
    expect(refusedPrune.stderr).toContain('pruneSparsity');
  }, 300_000);

  it('exits 4 for a version that does not exist', async () => {
    expect((await shell.run(['compile', 'text-direction', '7'])).code).toBe(4);
  });
});
