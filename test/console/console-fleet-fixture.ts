import type { Page } from 'playwright-core';
import { ConsoleBrowser, launchConsoleBrowser } from '../support/console-browser';
import { startController, TestController } from '../support/controller';
import { Api, api, keyWithRole } from '../support/http';
import { SimulatedDevice } from '../support/simulated-device';
import { eventually } from '../fleet/fleet-fixture';

export const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** One controller, one browser, an operator's and a viewer's key: what a console test file shares. */
export interface ConsoleRig {
  controller: TestController;
  browser: ConsoleBrowser;
  operator: Api;
  operatorToken: string;
  viewerToken: string;
  /** Simulated agents the file connected; closed with the rig. */
  agents: SimulatedDevice[];
}

export async function startConsoleRig(): Promise<ConsoleRig> {
  // Silent devices would turn offline after 35 s; the tests' agents stay online for the whole file.
  const controller = await startController({ EDGEPLANE_DEVICE_OFFLINE_AFTER_MS: '600000' });
  const admin = api(controller, controller.adminToken);
  const operatorToken = await keyWithRole(admin, 'operator', 'ops-alice');
  const viewerToken = await keyWithRole(admin, 'viewer', 'view-victor');
  return { controller, browser: await launchConsoleBrowser(), operator: api(controller, operatorToken), operatorToken, viewerToken, agents: [] };
}

export async function stopConsoleRig(rig: ConsoleRig | undefined): Promise<void> {
  await rig?.browser.close();
  await Promise.all((rig?.agents ?? []).map((agent) => agent.close()));
  await rig?.controller.close();
}

/** A device provisioned through the API, with its secret. */
export interface MadeDevice {
  id: string;
  name: string;
  secret: string;
}

export async function makeDevice(operator: Api, name: string, hardwareProfile: string, labels: Record<string, string>): Promise<MadeDevice> {
  const { body } = await operator.post('/devices', { name, hardwareProfile, labels }).expect(201);
  return { id: body.device.id, name, secret: body.credentials.secret };
}

/** Connects `device` as an agent over the real broker and waits until the controller has it online. */
export async function bringOnline(operator: Api, device: MadeDevice): Promise<SimulatedDevice> {
  const simulated = await SimulatedDevice.connect(BROKER, device.id, device.secret);
  await simulated.online();
  await waitForStatus(operator, device.id, 'online');
  return simulated;
}

export async function waitForStatus(operator: Api, deviceId: string, status: string): Promise<void> {
  await eventually(async () => ((await operator.get(`/devices/${deviceId}`).expect(200)).body.status === status ? true : undefined), `${deviceId} ${status}`, 15_000);
}

/** The cells of a table's rows as text, by the table's caption (the header row left out). */
export async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const exactly = new RegExp(`^${caption.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const table = page.locator('table', { has: page.locator('caption', { hasText: exactly }) });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())));
}
