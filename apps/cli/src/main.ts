import { ExitCode, runCli } from '@edgeplane/cli';
import { CLI_VERSION } from './cli-version';

// Should the event loop ever empty before a command finishes, that is a failure, never a silent 0.
process.exitCode = ExitCode.failed;
// The CLI reads only these variables; passing them explicitly keeps the lib free of process.env.
const { EDGEPLANE_URL, EDGEPLANE_API_KEY, EDGEPLANE_CA_FILE, XDG_CONFIG_HOME, HOME } = process.env;
runCli(process.argv, { EDGEPLANE_URL, EDGEPLANE_API_KEY, EDGEPLANE_CA_FILE, XDG_CONFIG_HOME, HOME }, CLI_VERSION).then((code) => {
  process.exitCode = code;
});
