import type { Page } from 'playwright-core';
import type { Api } from '../support/http';
import { SimulatedDevice } from '../support/simulated-device';
import { eventually } from '../fleet/fleet-fixture';

export const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

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
