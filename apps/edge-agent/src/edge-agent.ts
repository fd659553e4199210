import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { decodeDeviceMessage, DesiredStateBody, DeviceChannel, envelope, type ReportedState } from '@edgeplane/contracts';
import {
  type AgentConfig,
  AgentMqttConnection,
  ArtifactDownloader,
  availableExecutionProviders,
  buildInferenceApi,
  describeCapabilities,
  DesiredStateReconciler,
  InferenceStats,
  JsonFileStore,
  MachineHealth,
  ModelHost,
  ReportedStatePublisher,
  ReportedStateTracker,
  ServingState,
  SignatureVerifier,
  SpoolDrainer,
  StrictlyIncreasingClock,
  TelemetryReporter,
  TelemetrySpool,
  VariantLoader,
} from '@edgeplane/agent';
import { AGENT_VERSION } from './agent-version';

/** Transient download failures are retried 5 times in all, waiting 1 s, 2 s, 4 s, 8 s. */
const DOWNLOAD_RETRY = { attempts: 5, firstDelayMs: 1000, maxDelayMs: 30_000 };
// Far longer than any pause of a healthy connection, far shorter than undici's 5-minute body timeout.
const DOWNLOAD_STALL_TIMEOUT_MS = 30_000;

/**
 * The composition root. Start-up order matters: serve what is on disk first (no network needed),
 * then open the local API, then telemetry, and only then the broker, whose first message may be a
 * new desired state.
 */
export class EdgeAgent {
  private constructor(
    private readonly parts: {
      reconciler: DesiredStateReconciler;
      api: FastifyInstance;
      reporter: TelemetryReporter;
      publisher: ReportedStatePublisher;
      mqtt: AgentMqttConnection;
      host: ModelHost;
    },
  ) {}

  static async start(config: AgentConfig, logger: Logger): Promise<EdgeAgent> {
    const artifactsDirectory = join(config.dataDir, 'artifacts');
    await mkdir(artifactsDirectory, { recursive: true });
    const executionProviders = availableExecutionProviders();
    const host = new ModelHost();
    if (config.trustedKeys) logger.info({ trustedKeys: [...config.trustedKeys.keys()] }, 'loading only variants signed by a trusted key');
    else logger.warn('EDGEPLANE_AGENT_ALLOW_UNSIGNED=true: variant signatures are NOT checked; never run a device like this');
    const stats = new InferenceStats();

    let mqtt: AgentMqttConnection | undefined;
    const reportClock = new StrictlyIncreasingClock();
    const sendReported = (body: ReportedState) => {
      if (!mqtt?.isConnected) return; // sent in full on the next connect
      mqtt.publish(DeviceChannel.Reported, JSON.stringify(envelope(config.deviceId, body, reportClock.now()))).catch((error: Error) => {
        logger.warn({ reason: error.message }, 'reported state not delivered');
      });
    };
    const tracker: ReportedStateTracker = new ReportedStateTracker(host, (urgent) => publisher.changed(urgent));
    const publisher = new ReportedStatePublisher(() => tracker.body(), sendReported);

    const reconciler = new DesiredStateReconciler({
      host,
      tracker,
      loader: new VariantLoader(executionProviders),
      verifier: new SignatureVerifier(config.trustedKeys),
      downloader: new ArtifactDownloader({
        directory: artifactsDirectory,
        credentialsOrigin: config.controllerUrl.origin,
        authorization: `Basic ${Buffer.from(`${config.deviceId}:${config.deviceSecret}`).toString('base64')}`,
        caCertificates: config.caCertificates,
        retry: DOWNLOAD_RETRY,
        stallTimeoutMs: DOWNLOAD_STALL_TIMEOUT_MS,
        logger,
      }),
      desiredStore: new JsonFileStore(join(config.dataDir, 'desired.json'), DesiredStateBody),
      servingStore: new JsonFileStore(join(config.dataDir, 'serving.json'), ServingState),
      artifactsDirectory,
      controllerUrl: config.controllerUrl,
      logger,
    });
    await reconciler.resume();

    const api = buildInferenceApi({ host, stats, logger });
    await api.listen({ host: config.apiHost, port: config.apiPort });
    const { port } = api.server.address() as AddressInfo;
    await writeFile(join(config.dataDir, 'api-port'), String(port));
    logger.info({ host: config.apiHost, port }, 'inference API listening');

    const spool = await TelemetrySpool.open(join(config.dataDir, 'spool'), config.spoolMaxMessages);
    const drainer = new SpoolDrainer(
      spool,
      (payload) => mqtt!.publish(DeviceChannel.Telemetry, payload),
      () => mqtt?.isDeliverable ?? false,
      logger,
    );
    const reporter = new TelemetryReporter({
      deviceId: config.deviceId,
      intervalMs: config.telemetryIntervalMs,
      stats,
      health: new MachineHealth(config.dataDir),
      host,
      spool,
      drainer,
      logger,
    });
    reporter.start();

    mqtt = new AgentMqttConnection({
      brokerUrl: config.brokerUrl,
      caCertificates: config.caCertificates,
      deviceId: config.deviceId,
      deviceSecret: config.deviceSecret,
      agentVersion: AGENT_VERSION,
      capabilities: describeCapabilities(executionProviders),
      logger,
      onDesired: (payload) => {
        const decoded = decodeDeviceMessage(DeviceChannel.Desired, config.deviceId, payload);
        if (!decoded.ok) {
          logger.warn({ reason: decoded.reason, detail: decoded.detail }, 'refused a desired state');
          return;
        }
        reconciler.accept(decoded.message.body).catch((error: Error) => logger.error({ reason: error.message }, 'desired state not stored'));
      },
      onConnected: () => publisher.sendNow(),
      // A replica coming (back) online may have lost reports it had received when it died: send the
      // current one again (throttled, so a connect that learns of many replicas sends it once more).
      onControllerOnline: () => {
        drainer.kick();
        publisher.changed(false);
      },
      // A replica that died may have acknowledged telemetry it never stored: send the last minute again.
      onControllerLost: () => drainer.replicaLost(),
    });
    return new EdgeAgent({ reconciler, api, reporter, publisher, mqtt, host });
  }

  /** Clean stop: `offline` (shutdown) to the broker, then close the API and release the sessions. */
  async stop(): Promise<void> {
    const { reconciler, api, reporter, publisher, mqtt, host } = this.parts;
    reporter.stop();
    publisher.stop();
    // A window being written to the spool finishes there: it goes out after the next start.
    await reporter.settled();
    await reconciler.stop();
    await mqtt.stop();
    await api.close();
    await host.close();
  }
}
