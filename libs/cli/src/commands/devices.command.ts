import { Command } from 'commander';
import {
  DEVICE_STATUSES,
  labelKeyProblem,
  labelValueProblem,
  type DeviceCredentialHistoryView,
  type DeviceCredentialsView,
  type DeviceView,
  type Page,
} from '@edgeplane/contracts';
import type { ApiClient } from '../client/api-client';
import { CliError, usageError } from '../cli-error';
import { ExitCode } from '../exit-codes';
import { formatLabels, renderTable } from '../output/table';
import { printJson, type Terminal } from '../output/terminal';
import type { CommandContext } from './command-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `edgeplane devices ls|get|provision|label|decommission|credentials`. */
export function devicesCommand(context: CommandContext): Command {
  const devices = new Command('devices').description('List, inspect, provision, label and decommission devices; re-issue their credentials');

  devices
    .command('ls')
    .description('List devices (every page), optionally filtered')
    .option('--selector <selector>', 'label selector, e.g. "site=berlin,tier!=canary"')
    .option('--status <status>', `one of ${DEVICE_STATUSES.join(', ')}`)
    .option('--profile <profile>', 'hardware profile name')
    .option('--page-size <n>', 'devices fetched per request (1–500)', pageSize, 500)
    .action(async (options: { selector?: string; status?: string; profile?: string; pageSize: number }, command: Command) => {
      if (options.status && !(DEVICE_STATUSES as readonly string[]).includes(options.status)) {
        throw usageError(`--status ${options.status}: must be one of ${DEVICE_STATUSES.join(', ')}`);
      }
      const client = await context.client(command);
      const filters = { selector: options.selector, status: options.status, hardwareProfile: options.profile };
      const items = await listAll(client, filters, options.pageSize);
      const terminal = context.terminal(command);
      if (terminal.json) printJson(terminal, items);
      else terminal.out(deviceTable(items));
    });

  devices
    .command('get <device>')
    .description('Show one device, by id or name')
    .action(async (device: string, _options: unknown, command: Command) => {
      const client = await context.client(command);
      printDevice(context.terminal(command), await findDevice(client, device));
    });

  devices
    .command('provision <name>')
    .description('Provision a device and print its secret (shown only this once)')
    .requiredOption('--profile <profile>', 'hardware profile: cpu, gpu, fpga, asic or a custom one')
    .option('--label <key=value...>', 'a label (repeatable)', collectLabels, {})
    .action(async (name: string, options: { profile: string; label: Record<string, string> }, command: Command) => {
      const client = await context.client(command);
      const created = await client.post<{ device: DeviceView; credentials: DeviceCredentialsView }>('/devices', {
        json: { name, hardwareProfile: options.profile, labels: options.label },
      });
      const terminal = context.terminal(command);
      if (terminal.json) return printJson(terminal, created);
      terminal.out(deviceTable([created.device]));
      printSecret(terminal, created.credentials);
    });

  devices
    .command('label <device> <changes...>')
    .description('Set labels (key=value) and remove them (key-)')
    .action(async (device: string, changes: string[], _options: unknown, command: Command) => {
      const patch = labelPatch(changes);
      const client = await context.client(command);
      const { id } = await findDevice(client, device);
      printDevice(context.terminal(command), await client.patch<DeviceView>(`/devices/${id}`, { labels: patch }));
    });

  devices
    .command('decommission <device>')
    .description('Retire a device: revokes its credentials, keeps its record (idempotent)')
    .action(async (device: string, _options: unknown, command: Command) => {
      const client = await context.client(command);
      const { id } = await findDevice(client, device);
      printDevice(context.terminal(command), await client.post<DeviceView>(`/devices/${id}/decommission`));
    });

  devices.addCommand(credentialsCommand(context));
  return devices;
}

/** `edgeplane devices credentials ls|reissue <device>`. */
function credentialsCommand(context: CommandContext): Command {
  const credentials = new Command('credentials').description("A device's MQTT credentials: history and re-issue");

  credentials
    .command('ls <device>')
    .description('When each credential was issued and revoked (never the secrets)')
    .action(async (device: string, _options: unknown, command: Command) => {
      const client = await context.client(command);
      const { id } = await findDevice(client, device);
      const history = await client.get<DeviceCredentialHistoryView[]>(`/devices/${id}/credentials`);
      const terminal = context.terminal(command);
      if (terminal.json) return printJson(terminal, history);
      terminal.out(
        renderTable(
          ['ID', 'ISSUED', 'REVOKED', 'WHY'],
          history.map((credential) => [credential.id, credential.createdAt, credential.revokedAt ?? 'active', credential.revokeReason ?? '-']),
        ),
      );
    });

  credentials
    .command('reissue <device>')
    .description('Issue a new secret and print it (shown only this once); the old one stops working at once')
    .action(async (device: string, _options: unknown, command: Command) => {
      const client = await context.client(command);
      const { id } = await findDevice(client, device);
      const issued = await client.post<DeviceCredentialsView>(`/devices/${id}/credentials`);
      const terminal = context.terminal(command);
      if (terminal.json) return printJson(terminal, issued);
      printSecret(terminal, issued);
      terminal.err('The previous secret no longer works: the device stays offline until it has the new one.\n');
    });

  return credentials;
}

function printSecret(terminal: Terminal, credentials: DeviceCredentialsView): void {
  terminal.out(`\nDevice id (MQTT username): ${credentials.username}\nSecret: ${credentials.secret}\n`);
  terminal.err('The secret is shown only now: store it on the device (EDGEPLANE_AGENT_DEVICE_SECRET). Edgeplane keeps only its hash.\n');
}

/** Walks every page (docs/api.md, Pagination). */
async function listAll(client: ApiClient, filters: Record<string, string | undefined>, limit = 500): Promise<DeviceView[]> {
  const items: DeviceView[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) query.set(key, value);
    if (cursor) query.set('cursor', cursor);
    const page: Page<DeviceView> = await client.get<Page<DeviceView>>(`/devices?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * A device by id, or by name. The API looks devices up by id only, so a name is found by walking
 * the list; names are unique for ever, so at most one matches.
 */
export async function findDevice(client: ApiClient, idOrName: string): Promise<DeviceView> {
  if (UUID.test(idOrName)) return client.get<DeviceView>(`/devices/${idOrName}`);
  const match = (await listAll(client, {})).find((device) => device.name === idOrName);
  if (!match) throw new CliError(`No device named ${idOrName}; \`edgeplane devices ls\` lists them`, ExitCode.notFound);
  return match;
}

function pageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 500) throw usageError(`--page-size ${value}: must be a whole number from 1 to 500`);
  return size;
}

function printDevice(terminal: Terminal, device: DeviceView): void {
  if (terminal.json) printJson(terminal, device);
  else terminal.out(deviceTable([device]));
}

function deviceTable(devices: DeviceView[]): string {
  return renderTable(
    ['NAME', 'ID', 'PROFILE', 'STATUS', 'LAST SEEN', 'AGENT', 'LABELS'],
    devices.map((device) => [
      device.name,
      device.id,
      device.hardwareProfile,
      device.status,
      device.lastSeenAt ?? 'never',
      device.agentVersion ?? '-',
      formatLabels(device.labels),
    ]),
  );
}

/** `--label k=v` repeated, checked with the API's own label rules so a typo fails before any request. */
function collectLabels(pair: string, labels: Record<string, string>): Record<string, string> {
  const [key, value] = splitPair(pair, '--label');
  return { ...labels, [key]: value };
}

/** `k=v` sets a label, `k-` removes it (as kubectl label): a merge patch where null removes. */
export function labelPatch(changes: string[]): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const change of changes) {
    if (!change.includes('=') && change.endsWith('-')) {
      const key = change.slice(0, -1);
      const problem = labelKeyProblem(key);
      if (problem) throw usageError(`${change}: ${problem}`);
      patch[key] = null;
    } else {
      const [key, value] = splitPair(change, 'label');
      patch[key] = value;
    }
  }
  return patch;
}

function splitPair(pair: string, what: string): [string, string] {
  const equals = pair.indexOf('=');
  if (equals === -1) throw usageError(`${what} ${pair}: expected key=value (or key- to remove a label)`);
  const key = pair.slice(0, equals);
  const value = pair.slice(equals + 1);
  const problem = labelKeyProblem(key) ?? labelValueProblem(value);
  if (problem) throw usageError(`${what} ${pair}: ${problem}`);
  return [key, value];
}
