import { Command } from 'commander';
import type { CallerView } from '@edgeplane/contracts';
import { ApiClient } from '../client/api-client';
import { usageError } from '../cli-error';
import { printJson } from '../output/terminal';
import { normaliseUrl, storeLogin } from '../settings/cli-settings';
import { CommandContext, globalFlags } from './command-context';

/** `edgeplane login`: checks a key against the controller, then stores URL and key for later commands. */
export function loginCommand(context: CommandContext): Command {
  return new Command('login')
    .description('Check an API key against a controller and store both for later commands')
    .option('--key <epk_…>', 'the API key (else EDGEPLANE_API_KEY, else read from stdin)')
    .addHelpText('after', '\nThe key and URL are stored in $XDG_CONFIG_HOME/edgeplane/config.json (mode 0600).')
    .action(async (options: { key?: string }, command: Command) => {
      const terminal = context.terminal(command);
      const { url, caFile } = globalFlags(command);
      if (!url) throw usageError('login needs --url <controller>, e.g. `edgeplane login --url http://localhost:8080 --key epk_…`');
      const key = (options.key ?? context.env.EDGEPLANE_API_KEY ?? (await keyFromStdin()))?.trim();
      if (!key) throw usageError('login needs a key: --key <epk_…>, EDGEPLANE_API_KEY, or the key on stdin');
      const client = await ApiClient.connect({ url: normaliseUrl(url), key, caFile: caFile ?? null });
      // GET /me checks the key without changing anything, and says whose it is and what it may do.
      const caller = await client.get<CallerView>('/me');
      const configFile = await storeLogin(context.env, { url: client.url, key, ...(caFile ? { caFile } : {}) });
      if (terminal.json) printJson(terminal, { url: client.url, configFile, caller });
      else terminal.out(`Logged in to ${client.url} as ${caller.name} (${caller.role}); the key is stored in ${configFile}\n`);
    });
}

/** The key piped on stdin (`pass show edgeplane | edgeplane login …`), so it stays out of shell history. */
async function keyFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8') || undefined;
}
