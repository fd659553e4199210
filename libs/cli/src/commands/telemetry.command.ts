import { Command } from 'commander';
import type { TelemetryMessageView } from '@edgeplane/contracts';
import type { Terminal } from '../output/terminal';
import { positiveInt } from './arguments';
import type { CommandContext } from './command-context';
import { findDevice } from './devices.command';
import { onInterrupt, pause } from './interrupt';

/** `edgeplane telemetry tail <device>`: the device's telemetry windows as they arrive. */
export function telemetryCommand(context: CommandContext): Command {
  const telemetry = new Command('telemetry').description('Read what devices report');
  telemetry
    .command('tail <device>')
    .description('Print a device\'s telemetry messages, then new ones as they arrive, until Ctrl-C')
    .option('--since <minutes>', 'start with the messages of the last N minutes (by window end)', positiveInt('--since'), 10)
    .option('--interval <seconds>', 'how often to ask for new messages', positiveInt('--interval'), 5)
    .option('--once', 'print the messages so far and exit')
    .addHelpText('after', '\nWith --json, one TelemetryMessageView per line (NDJSON). Ctrl-C ends it with exit code 0.')
    .action(async (idOrName: string, options: { since: number; interval: number; once?: boolean }, command: Command) => {
      const client = await context.client(command);
      const terminal = context.terminal(command);
      const { id, name } = await findDevice(client, idOrName);
      if (!terminal.json) terminal.err(`Telemetry of ${name} (${id}):\n`);
      const seen = new Set<string>();
      let from = new Date(Date.now() - options.since * 60_000).toISOString();
      const { interrupted, dispose } = onInterrupt();
      try {
        for (;;) {
          const query = new URLSearchParams({ from, to: new Date().toISOString() });
          const messages = await client.get<TelemetryMessageView[]>(`/devices/${id}/telemetry/messages?${query}`);
          for (const message of messages.filter((each) => !seen.has(each.messageId))) {
            seen.add(message.messageId);
            print(terminal, message);
            // `from` is inclusive: later asks repeat the newest message, which `seen` drops.
            if (message.windowEnd > from) from = message.windowEnd;
          }
          if (options.once || (await pause(options.interval * 1000, interrupted)) === 'interrupted') return;
        }
      } finally {
        dispose();
      }
    });
  return telemetry;
}

function print(terminal: Terminal, message: TelemetryMessageView): void {
  if (terminal.json) return terminal.out(`${JSON.stringify(message)}\n`);
  const delay = (Date.parse(message.receivedAt) - Date.parse(message.windowEnd)) / 1000;
  const dropped = message.droppedMessages ? `, ${message.droppedMessages} dropped before it` : '';
  terminal.out(`${message.windowStart} → ${message.windowEnd}  ${message.inferences} inferences${dropped}  (received ${delay.toFixed(1)} s after the window)\n`);
}
