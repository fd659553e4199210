import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ModelVersionView } from '@edgeplane/contracts';
import { REAL_MODEL_FILES } from '../../libs/onnx/src/testing/onnx-test-models';
import { cliShell, CliShell } from '../support/cli';
import { startController, TestController } from '../support/controller';

describe('edgeplane CLI: models', () => {
  let controller: TestController;
  let shell: CliShell;

  beforeAll(async () => {
    controller = await startController();
    shell = await cliShell();
    expect((await shell.run(['login', '--url', controller.url, '--key', controller.adminToken])).code).toBe(0);
  });
  afterAll(async () => {
    await shell?.cleanup();
    await controller?.close();
  });

  it('pushes a real model, byte for byte, and pushing it again returns the same version', async () => {
    const bytes = await readFile(REAL_MODEL_FILES.cls);
    const pushed = await shell.run(['models', 'push', 'text-direction', REAL_MODEL_FILES.cls]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('as text-direction version 1');
    expect(pushed.stdout).toContain('edgeplane compile text-direction 1');

    const again = await shell.run(['models', 'push', 'text-direction', REAL_MODEL_FILES.cls, '--json']);
    const version = JSON.parse(again.stdout) as ModelVersionView;
    expect(version).toMatchObject({ model: 'text-direction', version: 1, sizeBytes: bytes.length });
    expect(version.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('lists models and shows their versions as tables and JSON', async () => {
    const listed = await shell.run(['models', 'ls']);
    expect(listed.stdout).toMatch(/^NAME\s+VERSIONS\s+LATEST/);
    expect(listed.stdout).toMatch(/text-direction\s+1\s+1\s/);

    const versions = await shell.run(['models', 'show', 'text-direction']);
    expect(versions.stdout).toMatch(/^VERSION\s+SIZE/);
    expect(versions.stdout.trim().split('\n')).toHaveLength(2);

    const detail = await shell.run(['models', 'show', 'text-direction', '1']);
    expect(detail.code).toBe(0);
    expect(detail.stdout).toMatch(/inputs:\n {2}x: float32\[/);
    expect(detail.stdout).toMatch(/operators \(\d+ nodes\): .*Conv×/);
    const json = await shell.run(['models', 'show', 'text-direction', '1', '--json']);
    expect((JSON.parse(json.stdout) as ModelVersionView).metadata.inputs[0]!.name).toBe('x');
  });

  it('exits 5 for a file that is not ONNX, 4 for an unknown version, 2 for a missing file', async () => {
    const invalid = await shell.run(['models', 'push', 'junk', __filename, '--json']);
    expect(invalid.code).toBe(5);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ code: 'model.invalid_onnx' });
    expect(invalid.stderr).toContain('model.invalid_onnx');

    expect((await shell.run(['models', 'show', 'text-direction', '9'])).code).toBe(4);
    const missing = await shell.run(['models', 'push', 'x', '/nonexistent/model.onnx']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/model.onnx: cannot be read (ENOENT)');
    expect((await shell.run(['models', 'show', 'text-direction', 'two'])).code).toBe(2);
  });
});
