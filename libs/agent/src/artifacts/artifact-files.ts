import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** File names in the artifacts directory: everything of one artifact starts with its hash. */
export const ARTIFACT_EXTENSION = { model: '.onnx', samples: '.npz' } as const;

export function artifactPath(directory: string, sha256: string, kind: keyof typeof ARTIFACT_EXTENSION): string {
  return join(directory, `${sha256}${ARTIFACT_EXTENSION[kind]}`);
}

/**
 * Deletes every file in the artifacts directory that belongs to none of `keep` (hashes): finished
 * files, partial downloads and temporaries alike. Returns the names deleted.
 */
export async function pruneArtifacts(directory: string, keep: ReadonlySet<string>): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const doomed = names.filter((name) => !keep.has(name.slice(0, 64)));
  await Promise.all(doomed.map((name) => rm(join(directory, name), { force: true })));
  return doomed;
}
