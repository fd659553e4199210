import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { type Assignment, DeviceChannel, deviceTopic, envelope, type ReportedState } from '@edgeplane/contracts';
import { ArtifactTestServer } from '../../libs/agent/src/testing/artifact-test-server';
import { signedAssignment, testSigningKey, writeTrustFile } from '../../libs/agent/src/testing/signing-keys';
import { type RunningProcess, startProcess } from '../../test/support/processes';

const ROOT = join(__dirname, '..', '..');
export const AGENT_MAIN = join(ROOT, 'dist/apps/edge-agent/apps/edge-agent/src/main.js');
/** The agent is measured as it is deployed: through its launcher (memory settings). */
const AGENT_LAUNCHER = join(ROOT, 'apps/edge-agent/bin/edgeplane-agent');
const BROKER = 'mqtt://127.0.0.1:1883';
/** The bench plays the controller, so it signs as one: the agent verifies every assignment as on a device. */
const SIGNING_KEY = testSigningKey('bench-controller');

/** One variant of a model the bench hands to the agent: a file and the id it is assigned under. */
export interface BenchVariant {
  model: string;
  variantId: string;
  bytes: Uint8Array;
}

/**
 * The built agent process as a device runs it, driven like the controller drives it: a local
 * artifact server plays the controller's artifact endpoint, and desired states go to the real
 * broker as retained messages. Everything it starts, `stop` stops.
 */
export class AgentUnderBench {
  private revision = 0;
  private readonly reported: ReportedState[] = [];

  private constructor(
    private readonly deviceId: string,
    private readonly server: ArtifactTestServer,
    private readonly broker: MqttClient,
    private readonly dataDir: string,
    private readonly agent: RunningProcess,
  ) {
    broker.on('message', (topic, payload) => {
      if (topic.endsWith(`/${DeviceChannel.Reported}`) && payload.length > 0) this.reported.push(JSON.parse(payload.toString()).body);
    });
  }

  /** Starts an artifact server and the agent with no model assigned; resolves once its API listens. */
  static async start(): Promise<AgentUnderBench> {
    assertBuiltAgentIsCurrent();
    const deviceId = randomUUID();
    const secret = randomUUID();
    const dataDir = mkdtempSync(join(tmpdir(), 'edgeplane-bench-agent-'));
    const server = await ArtifactTestServer.start({ user: deviceId, password: secret });
    const broker = await mqtt.connectAsync(BROKER, { clientId: `bench-${randomUUID()}`, protocolVersion: 5 });
    await broker.subscribeAsync(deviceTopic(deviceId, DeviceChannel.Reported), { qos: 1 });
    const agent = await startProcess(
      AGENT_LAUNCHER,
      {
        EDGEPLANE_AGENT_CONTROLLER_URL: server.origin,
        EDGEPLANE_AGENT_BROKER_URL: BROKER,
        EDGEPLANE_AGENT_DEVICE_ID: deviceId,
        EDGEPLANE_AGENT_DEVICE_SECRET: secret,
        EDGEPLANE_AGENT_DATA_DIR: dataDir,
        EDGEPLANE_AGENT_API_PORT: '0',
        EDGEPLANE_AGENT_LOG_LEVEL: 'info',
        EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: writeTrustFile(join(dataDir, 'trusted-keys.json'), [SIGNING_KEY]),
      },
      /inference API listening/,
    );
    return new AgentUnderBench(deviceId, server, broker, dataDir, agent);
  }

  /** The agent's local inference API. */
  get origin(): URL {
    return new URL(`http://127.0.0.1:${readFileSync(join(this.dataDir, 'api-port'), 'utf8')}`);
  }

  get pid(): number {
    return this.agent.child.pid!;
  }

  /** Resident set size of the agent process now and at its peak, in MiB (Linux /proc). */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kib('VmRSS') / 1024, peakRssMb: kib('VmHWM') / 1024 };
  }

  /**
   * Publishes a desired state (retained, as the controller does) serving `variants`, one per model,
   * and returns its revision. The files are served by the artifact server; nothing else is.
   */
  async assign(variants: BenchVariant[]): Promise<number> {
    this.revision += 1;
    const assignments: Assignment[] = variants.map(({ model, variantId, bytes }) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const url = `/api/v1/artifacts/${sha256}`;
      this.server.serve(url, { body: bytes });
      return signedAssignment({
        deploymentId: null,
        model,
        modelVersion: 1,
        variantId,
        hardwareProfile: 'cpu-x64',
        artifact: { url, sha256, sizeBytes: bytes.length },
        samples: null,
        runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
      }, SIGNING_KEY);
    });
    const desired = envelope(this.deviceId, { revision: this.revision, assignments });
    await this.broker.publishAsync(deviceTopic(this.deviceId, DeviceChannel.Desired), JSON.stringify(desired), { qos: 1, retain: true });
    return this.revision;
  }

  /** Resolves once the agent reports `revision` applied with every assignment active; throws on a failure or after the timeout. */
  async applied(revision: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = this.reported.find((body) => body.appliedRevision >= revision && body.revision === revision);
      if (done) {
        const failed = done.assignments.find((assignment) => assignment.state !== 'active');
        if (failed) throw new Error(`the agent did not serve ${failed.model}: ${failed.state} ${failed.reason ?? ''}`);
        return;
      }
      if (Date.now() > deadline) throw new Error(`revision ${revision} not applied within ${timeoutMs} ms; agent output:\n${this.agent.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops the agent (SIGTERM), clears the retained desired state, closes the server and deletes the data directory. */
  async stop(): Promise<void> {
    await this.agent.stop();
    for (const channel of [DeviceChannel.Desired, DeviceChannel.Status]) {
      await this.broker.publishAsync(deviceTopic(this.deviceId, channel), '', { qos: 1, retain: true });
    }
    await this.broker.endAsync();
    await this.server.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The bench measures the built process: refuse to measure a build older than the agent's sources. */
function assertBuiltAgentIsCurrent(): void {
  if (!existsSync(AGENT_MAIN)) throw new Error(`no built agent at ${AGENT_MAIN}; run npm run build (or npx nest build edge-agent) first`);
  const built = statSync(AGENT_MAIN).mtimeMs;
  const newest = newestMtime([join(ROOT, 'libs/agent/src'), join(ROOT, 'apps/edge-agent/src')]);
  if (newest > built) throw new Error('the built agent is older than libs/agent or apps/edge-agent; run npx nest build edge-agent first');
}

function newestMtime(directories: string[]): number {
  let newest = 0;
  for (const directory of directories) {
    for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.spec.ts')) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}
