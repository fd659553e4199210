import { Readable } from 'node:stream';
import type { ArtifactStore, Sha256, StagedArtifact } from '@edgeplane/artifacts';

/** A file committed to the artifact store: its address and size. */
export interface StoredFile {
  sha256: Sha256;
  sizeBytes: number;
}

/**
 * Stores files all or none: every file is staged before any is committed, and a failure on the way
 * discards the staged ones and removes the committed ones (through `removeIfUnreferenced`, since the
 * store is content-addressed and another row may already hold the same bytes). Staging is the only
 * write, so a process killed midway leaves no partial file either.
 */
export async function storeTogether(
  store: ArtifactStore,
  files: Uint8Array[],
  removeIfUnreferenced: (stored: StoredFile[]) => Promise<void>,
): Promise<StoredFile[]> {
  const staged: StagedArtifact[] = [];
  try {
    for (const bytes of files) staged.push(await store.stage(Readable.from([bytes]), bytes.length));
  } catch (error) {
    await Promise.allSettled(staged.map((file) => file.discard()));
    throw error;
  }
  const committed: StoredFile[] = [];
  try {
    for (const file of staged) {
      await file.commit();
      committed.push({ sha256: file.sha256, sizeBytes: file.sizeBytes });
    }
  } catch (error) {
    await Promise.allSettled(staged.slice(committed.length).map((file) => file.discard()));
    await removeIfUnreferenced(committed);
    throw error;
  }
  return committed;
}
