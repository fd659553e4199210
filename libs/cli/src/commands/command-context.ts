import type { Command } from 'commander';
import { ApiClient } from '../client/api-client';
import type { Terminal } from '../output/terminal';
import { CliEnvironment, ConnectionFlags, resolveConnection } from '../settings/cli-settings';

/** What every command gets: the terminal to write to, the environment, and a client built from its flags. */
export interface CommandContext {
  env: CliEnvironment;
  /** Builds the terminal for this invocation (`--json` is a global flag, known only once parsed). */
  terminal(command: Command): Terminal;
  client(command: Command): Promise<ApiClient>;
}

export function globalFlags(command: Command): ConnectionFlags & { json?: boolean } {
  return command.optsWithGlobals() as ConnectionFlags & { json?: boolean };
}

export function createContext(env: CliEnvironment, streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): CommandContext {
  return {
    env,
    terminal: (command) => ({
      json: globalFlags(command).json === true,
      interactive: streams.stdout.isTTY === true,
      out: (text) => streams.stdout.write(text),
      err: (text) => streams.stderr.write(text),
    }),
    client: async (command) => {
      const { url, caFile } = globalFlags(command);
      return ApiClient.connect(await resolveConnection({ ...(url ? { url } : {}), ...(caFile ? { caFile } : {}) }, env));
    },
  };
}
