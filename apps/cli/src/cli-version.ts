import { version } from '../../../package.json';

/** `edgeplane --version`: the repository's package version, as the controller and agent report theirs. */
export const CLI_VERSION = version;
