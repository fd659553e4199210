import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestSigningKey, writeTrustFile } from '../../libs/agent/src/testing/signing-keys';
import { RunningProcess, startProcess } from './processes';
import { TEST_SIGNING_KEY } from './signing';

/** How agents are started everywhere: the built agent behind its launcher's memory settings. */
export const AGENT_LAUNCHER = join(__dirname, '../../apps/edge-agent/bin/edgeplane-agent');

/** What an agent needs to know: where the controller and broker are, and who it is. */
export interface AgentSettings {
  controllerUrl: string;
  brokerUrl: string;
  deviceId: string;
  secret: string;
  /** Keep the data directory of an earlier agent (restart after a crash). */
  dataDir?: string;
  telemetryIntervalMs?: number;
  /** PEM CA file the agent trusts for the broker and the controller instead of the system's CAs. */
  caFile?: string;
  /** The controller keys the agent trusts (default: the test controllers' key); 'unsigned' turns checking off. */
  trustedKeys?: TestSigningKey[] | 'unsigned';
}

/** A real edge agent process (the built apps/edge-agent) with its own data directory. */
export class AgentProcess {
  private constructor(
    readonly settings: AgentSettings & { dataDir: string },
    readonly process: RunningProcess,
  ) {}

  static async start(settings: AgentSettings): Promise<AgentProcess> {
    const dataDir = settings.dataDir ?? (await mkdtemp(join(tmpdir(), 'edgeplane-agent-')));
    const trustedKeys = settings.trustedKeys ?? [TEST_SIGNING_KEY];
    const trust: Record<string, string> =
      trustedKeys === 'unsigned'
        ? { EDGEPLANE_AGENT_ALLOW_UNSIGNED: 'true' }
        : { EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: writeTrustFile(join(dataDir, 'trusted-keys.json'), trustedKeys) };
    const running = await startProcess(
      AGENT_LAUNCHER,
      {
        EDGEPLANE_AGENT_CONTROLLER_URL: settings.controllerUrl,
        EDGEPLANE_AGENT_BROKER_URL: settings.brokerUrl,
        EDGEPLANE_AGENT_DEVICE_ID: settings.deviceId,
        EDGEPLANE_AGENT_DEVICE_SECRET: settings.secret,
        EDGEPLANE_AGENT_DATA_DIR: dataDir,
        EDGEPLANE_AGENT_API_PORT: '0',
        EDGEPLANE_AGENT_TELEMETRY_INTERVAL_MS: String(settings.telemetryIntervalMs ?? 1000),
        ...(settings.caFile ? { EDGEPLANE_AGENT_CA_FILE: settings.caFile } : {}),
        ...trust,
      },
      /inference API listening/,
    );
    return new AgentProcess({ ...settings, dataDir }, running);
  }

  /** POST /v1/models/{model}:predict with one float32 input, as JSON. */
  async predict(model: string, input: { name: string; dims: number[]; data: Float32Array }) {
    const port = (await readFile(join(this.settings.dataDir, 'api-port'), 'utf8')).trim();
    const response = await fetch(`http://127.0.0.1:${port}/v1/models/${model}:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { [input.name]: { type: 'float32', dims: input.dims, data: Array.from(input.data) } } }),
    });
    return { status: response.status, body: (await response.json()) as { variantId: string; outputs: Record<string, { dims: number[]; data: number[] }> } };
  }

  /** SIGKILL: no clean shutdown, no `offline` status, files as they are. */
  kill(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.process.child.once('exit', () => resolve()));
    this.process.child.kill('SIGKILL');
    return exited;
  }

  async stop({ keepData = false } = {}): Promise<void> {
    await this.process.stop();
    if (!keepData) await rm(this.settings.dataDir, { recursive: true, force: true });
  }
}
