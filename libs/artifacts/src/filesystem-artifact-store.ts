import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactNotFoundError, ArtifactTooLargeError } from './artifact.errors';
import { ArtifactStore, Sha256, StagedArtifact } from './artifact-store';

const SHA256 = /^[0-9a-f]{64}$/;
// A staged file older than this belongs to an upload that died with its process.
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Artifacts as files under `root`: `sha256/ab/abcdef…` for stored ones, `staging/` for uploads in
 * flight. Staging and store share one filesystem so that commit is an atomic rename: a reader sees a
 * complete file or none.
 */
export class FileSystemArtifactStore implements ArtifactStore {
  private readonly stagingDir: string;

  constructor(private readonly root: string) {
    this.stagingDir = join(root, 'staging');
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedArtifact> {
    await mkdir(this.stagingDir, { recursive: true });
    const localPath = join(this.stagingDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sizeBytes += chunk.length;
        if (sizeBytes > maxBytes) return done(new ArtifactTooLargeError(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(localPath, { flags: 'wx', mode: 0o640 }));
    } catch (error) {
      await rm(localPath, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    return {
      sha256,
      sizeBytes,
      localPath,
      commit: () => this.commit(localPath, sha256),
      discard: () => rm(localPath, { force: true }),
    };
  }

  async open(sha256: Sha256, range?: { start: number; end?: number }): Promise<Readable> {
    const path = this.pathOf(sha256);
    if ((await this.size(sha256)) === null) throw new ArtifactNotFoundError(sha256);
    return createReadStream(path, range);
  }

  async size(sha256: Sha256): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return null;
    }
  }

  async remove(sha256: Sha256): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Deletes staged files left by uploads whose process died; run at start-up. */
  async removeAbandonedUploads(now = Date.now()): Promise<number> {
    const names = await readdir(this.stagingDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.stagingDir, name);
      const { mtimeMs } = await stat(path);
      if (now - mtimeMs > ABANDONED_AFTER_MS) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private async commit(localPath: string, sha256: Sha256): Promise<void> {
    const target = this.pathOf(sha256);
    if ((await this.size(sha256)) !== null) {
      await unlink(localPath); // same bytes are stored already
      return;
    }
    await mkdir(join(this.root, 'sha256', sha256.slice(0, 2)), { recursive: true });
    await rename(localPath, target);
  }

  private pathOf(sha256: Sha256): string {
    // The hash comes from our own database, but a path built from input is checked all the same.
    if (!SHA256.test(sha256)) throw new ArtifactNotFoundError(sha256);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }
}
