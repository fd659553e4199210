import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ArtifactNotFoundError, ArtifactTooLargeError } from './artifact.errors';
import { FileSystemArtifactStore } from './filesystem-artifact-store';

const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('FileSystemArtifactStore', () => {
  let root: string;
  let sut: FileSystemArtifactStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'edgeplane-artifacts-'));
    sut = new FileSystemArtifactStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('hashes while staging and serves committed bytes by hash, whole or by range', async () => {
    const staged = await sut.stage(chunks('hello ', 'edge'), 1024);
    expect(staged).toMatchObject({ sha256: sha256('hello edge'), sizeBytes: 10 });
    expect(await sut.size(staged.sha256)).toBeNull();

    await staged.commit();

    expect(await text(await sut.open(staged.sha256))).toBe('hello edge');
    expect(await text(await sut.open(staged.sha256, { start: 6 }))).toBe('edge');
    expect(await readdir(join(root, 'staging'))).toEqual([]);
  });

  it('refuses an upload over the limit and leaves nothing behind', async () => {
    await expect(sut.stage(chunks('12345', '67890', 'x'), 10)).rejects.toThrow(ArtifactTooLargeError);

    expect(await readdir(join(root, 'staging'))).toEqual([]);
  });

  it('keeps one copy when the same bytes are committed twice', async () => {
    const first = await sut.stage(chunks('same'), 100);
    const second = await sut.stage(chunks('same'), 100);

    await first.commit();
    await second.commit();

    expect(await readdir(join(root, 'sha256', first.sha256.slice(0, 2)))).toEqual([first.sha256]);
    expect(await readdir(join(root, 'staging'))).toEqual([]);
  });

  it('discards a staged upload completely', async () => {
    const staged = await sut.stage(chunks('rejected'), 100);

    await staged.discard();

    expect(await readdir(join(root, 'staging'))).toEqual([]);
    await expect(sut.open(staged.sha256)).rejects.toThrow(ArtifactNotFoundError);
  });

  it('never builds a path from something that is not a hash', async () => {
    await expect(sut.open('../../etc/passwd')).rejects.toThrow(ArtifactNotFoundError);
  });

  it('removes staged files abandoned by a dead process, and only those', async () => {
    await sut.stage(chunks('in flight'), 100);
    const old = join(root, 'staging', 'old.part');
    await writeFile(old, 'abandoned');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(old, twoHoursAgo, twoHoursAgo);

    expect(await sut.removeAbandonedUploads()).toBe(1);
    expect(await readdir(join(root, 'staging'))).toHaveLength(1);
  });
});
