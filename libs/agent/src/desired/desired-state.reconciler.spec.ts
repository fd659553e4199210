import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Assignment, type DesiredState, DesiredStateBody, type ReportedState } from '@edgeplane/contracts';
import { ArtifactDownloader } from '../artifacts/artifact-downloader';
import { ModelHost } from '../serving/model-host';
import { ServingState } from '../serving/serving-state';
import { VariantLoader } from '../serving/variant-loader';
import { JsonFileStore } from '../storage/json-file.store';
import { ArtifactTestServer } from '../testing/artifact-test-server';
import { clsModelBytes, clsSamples } from '../testing/cls-model';
import { signedAssignment, testSigningKey } from '../testing/signing-keys';
import { SignatureVerifier } from '../signing/signature-verifier';
import { DesiredStateReconciler } from './desired-state.reconciler';
import { ReportedStateTracker } from './reported-state.tracker';

const MODEL = 'text-direction';
const VARIANT_A = '019a0000-0000-7000-8000-0000000000a1';
const VARIANT_B = '019a0000-0000-7000-8000-0000000000b2';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const CONTROLLER_KEY = testSigningKey('controller-1');

/** One agent's worth of reconciler over a data directory, recording every reported document. */
function agentOver(dataDir: string, controllerUrl: URL) {
  const artifactsDirectory = join(dataDir, 'artifacts');
  mkdirSync(artifactsDirectory, { recursive: true });
  const host = new ModelHost();
  const reports: ReportedState[] = [];
  const tracker: ReportedStateTracker = new ReportedStateTracker(host, () => reports.push(tracker.body()));
  const logger = pino({ level: 'silent' });
  const sut = new DesiredStateReconciler({
    host,
    tracker,
    loader: new VariantLoader(['cpu']),
    verifier: new SignatureVerifier(new Map([[CONTROLLER_KEY.keyId, CONTROLLER_KEY.publicKey]])),
    downloader: new ArtifactDownloader({
      directory: artifactsDirectory,
      credentialsOrigin: controllerUrl.origin,
      authorization: 'Basic ZGV2aWNlOnNlY3JldA==',
      retry: { attempts: 2, firstDelayMs: 5, maxDelayMs: 5 },
      stallTimeoutMs: 5_000,
      logger,
    }),
    desiredStore: new JsonFileStore(join(dataDir, 'desired.json'), DesiredStateBody),
    servingStore: new JsonFileStore(join(dataDir, 'serving.json'), ServingState),
    artifactsDirectory,
    controllerUrl,
    logger,
  });
  return { sut, host, tracker, reports, artifactsDirectory };
}

describe('DesiredStateReconciler', () => {
  const model = clsModelBytes();
  let server: ArtifactTestServer;
  let dataDir: string;
  let good: Uint8Array;
  let wrong: Uint8Array;

  beforeAll(async () => {
    good = await clsSamples();
    wrong = await clsSamples({ corrupt: true });
  });

  beforeEach(async () => {
    server = await ArtifactTestServer.start({ user: 'device', password: 'secret' });
    server.serve('/artifacts/model.onnx', { body: model });
    server.serve('/artifacts/good.npz', { body: good });
    server.serve('/artifacts/wrong.npz', { body: wrong });
    dataDir = mkdtempSync(join(tmpdir(), 'agent-reconciler-'));
  });

  afterEach(() => server.close());

  const assignment = (variantId: string, samples: 'good' | 'wrong', artifactPath = '/artifacts/model.onnx'): Assignment =>
    signedAssignment(unsigned(variantId, samples, artifactPath), CONTROLLER_KEY);
  const unsigned = (variantId: string, samples: 'good' | 'wrong', artifactPath = '/artifacts/model.onnx'): Assignment => {
    const samplesBytes = samples === 'wrong' ? wrong : good;
    return {
      deploymentId: null,
      model: MODEL,
      modelVersion: 1,
      variantId,
      hardwareProfile: 'cpu-x64',
      artifact: { url: artifactPath, sha256: sha256(model), sizeBytes: model.length },
      samples: { url: `/artifacts/${samples}.npz`, sha256: sha256(samplesBytes), sizeBytes: samplesBytes.length },
      runtime: { executionProviders: ['cpu'], intraOpThreads: 1 },
    };
  };
  const desired = (revision: number, ...assignments: Assignment[]): DesiredState => ({ revision, assignments });

  it('downloads, verifies, loads and serves an assigned variant, reporting each step', async () => {
    const { sut, host, reports } = agentOver(dataDir, new URL(server.origin));
    await sut.accept(desired(1, assignment(VARIANT_A, 'good')));
    await sut.settled();

    expect(host.get(MODEL)?.record.variantId).toBe(VARIANT_A);
    const states = reports.map((report) => report.assignments[0]?.state);
    expect(states).toEqual(expect.arrayContaining(['downloading', 'verifying', 'loading', 'active']));
    expect(reports.at(-1)).toEqual({
      appliedRevision: 1,
      revision: 1,
      assignments: [
        { model: MODEL, variantId: VARIANT_A, state: 'active', reason: null, activeVariantId: VARIANT_A, lastKnownGoodVariantId: null, download: null },
      ],
    });
    await host.close();
  });

  it('keeps serving the old variant when the new one fails its self-test', async () => {
    const { sut, host, reports } = agentOver(dataDir, new URL(server.origin));
    await sut.accept(desired(1, assignment(VARIANT_A, 'good')));
    await sut.settled();
    await sut.accept(desired(2, assignment(VARIANT_B, 'wrong')));
    await sut.settled();

    expect(host.get(MODEL)?.record.variantId).toBe(VARIANT_A);
    expect(reports.at(-1)).toMatchObject({
      appliedRevision: 2,
      assignments: [{ variantId: VARIANT_B, state: 'failed', activeVariantId: VARIANT_A, reason: expect.stringMatching(/^self-test failed: output softmax_0.tmp_0/) }],
    });
    await host.close();
  });

  it('refuses an unsigned variant and keeps the old one serving', async () => {
    const { sut, host, reports } = agentOver(dataDir, new URL(server.origin));
    await sut.accept(desired(1, assignment(VARIANT_A, 'good')));
    await sut.settled();
    await sut.accept(desired(2, unsigned(VARIANT_B, 'good')));
    await sut.settled();

    expect(host.get(MODEL)?.record.variantId).toBe(VARIANT_A);
    expect(reports.at(-1)).toMatchObject({
      appliedRevision: 2,
      assignments: [{ variantId: VARIANT_B, state: 'failed', activeVariantId: VARIANT_A, reason: expect.stringMatching(/^signature refused \(unsigned\)/) }],
    });
    await host.close();
  });

  it('reports a missing artifact precisely and ignores revisions it already has', async () => {
    const { sut, host, reports } = agentOver(dataDir, new URL(server.origin));
    await sut.accept(desired(3, assignment(VARIANT_A, 'good', '/artifacts/gone.onnx')));
    await sut.settled();
    expect(await sut.accept(desired(2, assignment(VARIANT_B, 'good')))).toBe(false);

    expect(reports.at(-1)?.assignments[0]).toMatchObject({ state: 'failed', reason: 'download failed: HTTP 404 Not Found', activeVariantId: null });
    expect(host.lease(MODEL)).toBeUndefined();
    expect(host.isAssigned(MODEL)).toBe(true);
  });

  it('after a restart serves the stored variants from disk with the controller gone', async () => {
    const controllerUrl = new URL(server.origin);
    const first = agentOver(dataDir, controllerUrl);
    await first.sut.accept(desired(1, assignment(VARIANT_A, 'good')));
    await first.sut.settled();
    await first.sut.accept(desired(2, assignment(VARIANT_B, 'good')));
    await first.sut.settled();
    await first.host.close();
    await server.close();

    const second = agentOver(dataDir, controllerUrl);
    await second.sut.resume();
    await second.sut.settled();
    expect(second.host.get(MODEL)).toMatchObject({ record: { variantId: VARIANT_B }, lastKnownGood: { variantId: VARIANT_A } });
    expect(second.reports.at(-1)).toMatchObject({ appliedRevision: 2, assignments: [{ state: 'active', activeVariantId: VARIANT_B }] });
    await second.host.close();
    server = await ArtifactTestServer.start(); // for afterEach
  });

  it('stops serving an unassigned model and deletes the files nothing needs', async () => {
    const { sut, host, artifactsDirectory } = agentOver(dataDir, new URL(server.origin));
    await sut.accept(desired(1, assignment(VARIANT_A, 'good')));
    await sut.settled();
    await sut.accept(desired(2));
    await sut.settled();
    expect(host.lease(MODEL)).toBeUndefined();
    expect(readdirSync(artifactsDirectory)).toEqual([]);
  });
});
