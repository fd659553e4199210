import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileSystemArtifactStore } from '@edgeplane/artifacts';
import { StoredFile, storeTogether } from './store-together';

describe('storeTogether', () => {
  let root: string;
  let store: FileSystemArtifactStore;
  const removed: StoredFile[][] = [];
  const removeIfUnreferenced = async (files: StoredFile[]) => {
    removed.push(files);
    await Promise.all(files.map((file) => store.remove(file.sha256)));
  };
  const storedFiles = async () => (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'edgeplane-store-together-'));
    store = new FileSystemArtifactStore(root);
    removed.length = 0;
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('commits every file', async () => {
    const sut = await storeTogether(store, [new Uint8Array([1, 2, 3]), new Uint8Array([4])], removeIfUnreferenced);

    expect(sut.map((file) => file.sizeBytes)).toEqual([3, 1]);
    expect(await Promise.all(sut.map((file) => store.size(file.sha256)))).toEqual([3, 1]);
  });

  it('leaves no file when the second cannot be staged', async () => {
    const failing = Object.assign(Object.create(store) as FileSystemArtifactStore, {
      stage: async (source: Readable, maxBytes: number) => {
        if (maxBytes === 1) throw new Error('disk full');
        return store.stage(source, maxBytes);
      },
    });

    await expect(storeTogether(failing, [new Uint8Array([1, 2, 3]), new Uint8Array([4])], removeIfUnreferenced)).rejects.toThrow('disk full');

    expect(await storedFiles()).toEqual([]);
  });

  it('removes the committed file when the second cannot be committed', async () => {
    const failing = Object.assign(Object.create(store) as FileSystemArtifactStore, {
      stage: async (source: Readable, maxBytes: number) => {
        const staged = await store.stage(source, maxBytes);
        return maxBytes === 1 ? { ...staged, commit: () => Promise.reject(new Error('rename failed')) } : staged;
      },
    });

    await expect(storeTogether(failing, [new Uint8Array([1, 2, 3]), new Uint8Array([4])], removeIfUnreferenced)).rejects.toThrow('rename failed');

    expect(removed).toEqual([[expect.objectContaining({ sizeBytes: 3 })]]);
    expect(await storedFiles()).toEqual([]);
  });
});
