import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CONTROLLER_MAIN } from './support/controller-process';
import { createTestDatabase, TestDatabase } from './support/database';

const ROOT = join(__dirname, '..');
const ADMIN_CLI = join(ROOT, 'dist/apps/controller/apps/controller/src/admin-cli.js');

/** The built controller as an operator runs it (Jest's global setup builds it). */
describe('controller process', () => {
  it('refuses to start with a bad setting and names the variable', async () => {
    const child = spawn(process.execPath, [CONTROLLER_MAIN], {
      env: { ...process.env, EDGEPLANE_HTTP_PORT: 'http', LOG_LEVEL: 'silent' },
    });
    const { code, stderr } = await exited(child);

    expect(code).toBe(78);
    expect(stderr).toContain('EDGEPLANE_HTTP_PORT="http"');
  });

  describe('first start on an empty database', () => {
    let database: TestDatabase;
    let dataDir: string;
    let child: ChildProcess;
    let url: string;

    beforeAll(async () => {
      database = await createTestDatabase();
      dataDir = await mkdtemp(join(tmpdir(), 'edgeplane-process-'));
      child = spawn(process.execPath, [CONTROLLER_MAIN], {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          EDGEPLANE_DATA_DIR: dataDir,
          EDGEPLANE_HTTP_HOST: '127.0.0.1',
          EDGEPLANE_HTTP_PORT: '0',
          EDGEPLANE_BOOTSTRAP_ADMIN_KEY: '',
          LOG_FORMAT: 'json',
          LOG_LEVEL: 'info',
        },
      });
      url = await listeningUrl(child);
    }, 60_000);

    afterAll(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('writes a bootstrap admin key readable only by its user, and that key works', async () => {
      const keyFile = join(dataDir, 'bootstrap-admin.key');
      const token = (await readFile(keyFile, 'utf8')).trim();

      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      await request(url).get('/api/v1/hardware-profiles').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('accepts a key created with the admin command while it runs', async () => {
      const output = execFileSync(process.execPath, [ADMIN_CLI, 'night-shift', 'viewer'], {
        env: { ...process.env, DATABASE_URL: database.url },
        encoding: 'utf8',
      });
      const token = output.trim().split('\n').at(-1) ?? '';

      expect(output).toContain('Created viewer key "night-shift"');
      await request(url).get('/api/v1/devices').set('Authorization', `Bearer ${token}`).expect(200);
      await request(url)
        .post('/api/v1/devices')
        .set('Authorization', `Bearer ${token}`)
        .send({ name: 'x', hardwareProfile: 'cpu' })
        .expect(403);
    });

    it('closes its connections and exits on SIGTERM', async () => {
      child.kill('SIGTERM');

      // Nest runs the shutdown hooks, then re-raises the signal so the exit status reports it.
      const { code, signal } = await exited(child);
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
      await expect(request(url).get('/api/v1/health')).rejects.toThrow(/ECONNREFUSED/);
    });
  });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function exited(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** Resolves with the URL the controller logs once it listens. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /Listening on (http:\/\/[^;\s"]+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`controller exited with ${code}:\n${output}`)));
  });
}
