import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error';
import { createContext } from './commands/command-context';
import { compileCommand } from './commands/compile.command';
import { deployCommand } from './commands/deploy.command';
import { rolloutsCommand } from './commands/rollouts.command';
import { telemetryCommand } from './commands/telemetry.command';
import { devicesCommand } from './commands/devices.command';
import { loginCommand } from './commands/login.command';
import { modelsCommand } from './commands/models.command';
import { ExitCode } from './exit-codes';
import type { CliEnvironment } from './settings/cli-settings';

/** The whole `edgeplane` command tree. Global flags may be given before or after the subcommand. */
export function buildProgram(env: CliEnvironment, streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }, version: string): Command {
  const context = createContext(env, streams);
  const program = new Command('edgeplane')
    .description('Operate an Edgeplane controller: devices, models, compiles, deployments')
    .version(version)
    .addOption(new Option('--url <controller>', 'controller URL (default: EDGEPLANE_URL, then the stored login)'))
    .addOption(new Option('--ca-file <pem>', 'CA certificate to trust for an HTTPS controller (default: EDGEPLANE_CA_FILE)'))
    .option('--json', 'print the API\'s JSON instead of tables; nothing else goes to stdout')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => streams.stdout.write(text), writeErr: (text) => streams.stderr.write(text) });
  program.addCommand(loginCommand(context));
  program.addCommand(devicesCommand(context));
  program.addCommand(modelsCommand(context));
  program.addCommand(compileCommand(context));
  program.addCommand(deployCommand(context));
  program.addCommand(rolloutsCommand(context));
  program.addCommand(telemetryCommand(context));
  // Usage errors exit 2 everywhere, not commander's default 1, which means "the operation failed" here.
  const exitOverride = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(exitOverride);
  };
  exitOverride(program);
  return program;
}

/** Runs the CLI and resolves with its exit code; errors are printed, never thrown. */
export async function runCli(
  argv: string[],
  env: CliEnvironment,
  version: string,
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = buildProgram(env, streams, version);
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof CliError) {
      const json = argv.includes('--json');
      if (json && error.problem) streams.stdout.write(`${JSON.stringify(error.problem, null, 2)}\n`);
      streams.stderr.write(`edgeplane: ${error.message}\n`);
      return error.exitCode;
    }
    streams.stderr.write(`edgeplane: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return ExitCode.failed;
  }
}
