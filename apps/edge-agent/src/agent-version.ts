import { version } from '../../../package.json';

/** The agent's version, reported in every `online` status: the repository's package version. */
export const AGENT_VERSION = version;
