import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BrokerClientSyncRepository, BrokerClientSyncView, PendingBrokerPassword } from '@edgeplane/persistence';
import { EdgeplaneConfig, MqttConnection, PeriodicTask } from '@edgeplane/platform';
import { BrokerPasswordSeal } from './broker-password-seal';
import {
  CONTROLLER_ROLE,
  controllerRoleAcls,
  deviceIdOfRole,
  deviceRoleAcls,
  deviceRoleName,
  isDeviceClient,
} from './device-broker-policy';
import { MosquittoDynsecClient } from './mosquitto-dynsec.client';

/** How often passwords still waiting for the broker are delivered (also right after each API change and reconnect). */
const PENDING_INTERVAL_MS = 10_000;
/** How often the broker's whole client list is compared with the registry (also at start and on reconnect). */
const RECONCILE_INTERVAL_MS = 5 * 60_000;
const PENDING_BATCH = 100;
/** A full reconciliation sends one command batch per stale client: bound the lock's transaction generously. */
const RECONCILE_TIMEOUT_MS = 5 * 60_000;

/**
 * Keeps the broker's device clients equal to the registry's active devices when
 * EDGEPLANE_MQTT_AUTHORIZATION=mosquitto-dynsec (docs/security.md). Each active device has a broker
 * client (user name and client id = device id, password = its current secret) with a role that
 * grants its own topics only; a decommissioned device has none.
 *
 * Consistency: the registry commits first, with the new secret sealed on its credential row
 * (BrokerPasswordSeal); the broker is then told (`syncDevice`, awaited by the API request but never
 * failing it). If that fails — broker down, process killed — the periodic sweep and the
 * reconciliation on every (re)connect deliver it later; the seal is erased once the broker has the
 * password. Every broker change happens under one PostgreSQL advisory lock, so replicas take turns.
 * Mosquitto 2.0.11 cuts a client's live connection when its password changes or it is deleted
 * (tested in test/api/broker-identity.test.ts), which is what revokes a re-issued or decommissioned
 * device's connection.
 */
@Injectable()
export class BrokerAccessService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BrokerAccessService.name);
  private readonly seal?: BrokerPasswordSeal;
  private readonly pendingSweep = new PeriodicTask('broker passwords', PENDING_INTERVAL_MS, () => this.deliverAllPending());
  private readonly reconciliation = new PeriodicTask('broker reconciliation', RECONCILE_INTERVAL_MS, () => this.reconcile());

  constructor(
    private readonly config: EdgeplaneConfig,
    private readonly repository: BrokerClientSyncRepository,
    private readonly dynsec: MosquittoDynsecClient,
    private readonly mqtt: MqttConnection,
  ) {
    if (config.EDGEPLANE_MQTT_AUTHORIZATION === 'mosquitto-dynsec') this.seal = new BrokerPasswordSeal(config.EDGEPLANE_MQTT_PASSWORD!);
  }

  /** The secret sealed to wait on its credential row for the broker; undefined when the broker is not managed. */
  sealForBroker(secret: string): Uint8Array<ArrayBuffer> | undefined {
    return this.seal?.seal(secret);
  }

  /**
   * Brings one device's broker client in line with the registry: its waiting password delivered, or its
   * client removed if it is decommissioned. Never throws: what fails is left to the sweep.
   */
  async syncDevice(deviceId: string): Promise<void> {
    if (!this.seal) return;
    try {
      await this.repository.exclusively(async (view) => {
        if ((await view.activeAmong([deviceId])).length === 0) return this.removeClients([deviceId]);
        await this.deliver(view, await view.pendingPasswords([deviceId], PENDING_BATCH));
      });
    } catch (error) {
      this.logger.warn(`broker client of device ${deviceId} not updated yet (retried in the background): ${(error as Error).message}`);
    }
  }

  onApplicationBootstrap(): void {
    if (!this.seal) return;
    this.pendingSweep.start();
    this.reconciliation.start();
    const connected = () => void this.prepare().then(() => this.reconciliation.runNow(), (error: Error) => this.logger.error(`broker control unavailable: ${error.message}`));
    this.mqtt.client.on('connect', connected);
    if (this.mqtt.client.connected) connected();
  }

  onApplicationShutdown(): void {
    this.pendingSweep.stop();
    this.reconciliation.stop();
  }

  /**
   * Makes the broker's device clients equal to the registry: waiting passwords delivered, clients of
   * decommissioned or unknown devices removed, and active devices the broker does not know reported
   * (their secret is not kept, so only a credential re-issue can let them in).
   */
  async reconcile(): Promise<void> {
    await this.repository.exclusively(async (view) => {
      // The broker first, then the registry: a client exists only after its device was committed, so
      // every device client listed here is found by the registry read below.
      const [clients, roles] = await Promise.all([this.list('listClients', 'clients'), this.list('listRoles', 'roles')]);
      const brokerDevices = new Set([...clients.filter(isDeviceClient), ...roles.map(deviceIdOfRole).filter((id): id is string => id !== null)]);
      const active = new Set(await view.activeAmong([...brokerDevices]));
      const stale = [...brokerDevices].filter((id) => !active.has(id));
      if (stale.length > 0) {
        this.logger.warn(`removing the broker clients of ${stale.length} decommissioned or unknown devices`);
        await this.removeClients(stale);
      }
      // Removals first: a revoked device must not wait behind a batch of new passwords.
      const delivered = await this.deliverPending(view);
      const known = new Set([...clients, ...delivered]);
      const lockedOut = (await view.allActiveDeviceIds()).filter((id) => !known.has(id));
      if (lockedOut.length > 0) {
        this.logger.error(
          `${lockedOut.length} active devices have no broker client and no secret waiting for one (the broker lost its ` +
            `dynamic-security file, or the controller's broker password changed): re-issue their credentials ` +
            `(POST /api/v1/devices/{id}/credentials). First: ${lockedOut.slice(0, 5).join(', ')}`,
        );
      }
    }, RECONCILE_TIMEOUT_MS);
  }

  /** On each connect: the plugin's responses subscribed, and the controller's own role in place. */
  private async prepare(): Promise<void> {
    await this.dynsec.listen();
    const username = this.config.EDGEPLANE_MQTT_USERNAME!;
    const [role, client] = await this.dynsec.send([
      { command: 'getRole', rolename: CONTROLLER_ROLE },
      { command: 'getClient', username },
    ]);
    if (role.error) await this.dynsec.run([{ command: 'createRole', rolename: CONTROLLER_ROLE, acls: controllerRoleAcls() }], ['Role already exists']);
    const roles = ((client.data?.client as { roles?: { rolename: string }[] } | undefined)?.roles ?? []).map((r) => r.rolename);
    if (!roles.includes(CONTROLLER_ROLE)) {
      // The broker cuts the controller's connections once for this; they reconnect with the role.
      this.logger.log(`giving the broker client ${username} the role ${CONTROLLER_ROLE}`);
      await this.dynsec.run([{ command: 'addClientRole', username, rolename: CONTROLLER_ROLE }]);
    }
  }

  private async deliverAllPending(): Promise<void> {
    if (this.mqtt.client.connected) await this.repository.exclusively((view) => this.deliverPending(view));
  }

  /** Delivers every waiting password; the devices whose client now has it. */
  private async deliverPending(view: BrokerClientSyncView): Promise<string[]> {
    const delivered: string[] = [];
    for (;;) {
      const pending = await view.pendingPasswords('all', PENDING_BATCH);
      delivered.push(...(await this.deliver(view, pending)));
      if (pending.length < PENDING_BATCH) return delivered;
    }
  }

  /**
   * Creates or updates each device's client with its new password (which cuts a connection using an
   * old one); the devices whose client now has it.
   */
  private async deliver(view: BrokerClientSyncView, pending: PendingBrokerPassword[]): Promise<string[]> {
    const delivered: string[] = [];
    for (const item of pending) {
      let password: string;
      try {
        password = this.seal!.open(item.sealed);
      } catch {
        this.logger.error(`the waiting broker password of device ${item.deviceId} cannot be opened (the controller's broker password changed?): re-issue its credentials`);
        await view.markDelivered([item.credentialId]);
        continue;
      }
      const client = { username: item.deviceId, clientid: item.deviceId, password, roles: [{ rolename: deviceRoleName(item.deviceId) }] };
      const [, created] = await this.dynsec.run(
        [
          { command: 'createRole', rolename: deviceRoleName(item.deviceId), acls: deviceRoleAcls(item.deviceId) },
          { command: 'createClient', ...client },
        ],
        ['Role already exists', 'Client already exists'],
      );
      if (created?.error) await this.dynsec.run([{ command: 'modifyClient', ...client }]);
      await view.markDelivered([item.credentialId]);
      delivered.push(item.deviceId);
    }
    return delivered;
  }

  /** Deletes the devices' clients (which cuts their connections) and roles; already gone is fine. */
  private async removeClients(deviceIds: string[]): Promise<void> {
    for (const id of deviceIds) {
      await this.dynsec.run(
        [
          { command: 'deleteClient', username: id },
          { command: 'deleteRole', rolename: deviceRoleName(id) },
        ],
        ['Client not found', 'Role not found'],
      );
    }
  }

  private async list(command: 'listClients' | 'listRoles', field: 'clients' | 'roles'): Promise<string[]> {
    const [response] = await this.dynsec.run([{ command, verbose: false, count: -1 }]);
    return (response?.data?.[field] as string[] | undefined) ?? [];
  }
}
