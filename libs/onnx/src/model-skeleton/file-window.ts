import { type FileHandle, open } from 'node:fs/promises';

/** How much of the file is held at a time: few reads for a large model, little memory. */
export const WINDOW_BYTES = 1 << 20;

/**
 * Reads a file front to back through one fixed buffer, so that walking a 2 GiB model holds a
 * megabyte of it at a time. Positions are byte offsets in the file.
 */
export class FileWindow {
  private readonly buffer = new Uint8Array(WINDOW_BYTES);
  /** File offset of `buffer[0]`. */
  private start = 0;
  /** How many bytes of `buffer` hold file content. */
  private filled = 0;

  private constructor(
    private readonly file: FileHandle,
    /** Bytes in the file. */
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileWindow> {
    const file = await open(path, 'r');
    try {
      return new FileWindow(file, (await file.stat()).size);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /**
   * `length` (at most WINDOW_BYTES) bytes from `position`, fewer only where the file ends. The view
   * is only good until the next call: the buffer is reused.
   */
  async view(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(position + length, this.size);
    if (position < this.start || end > this.start + this.filled) await this.fill(position);
    return this.buffer.subarray(position - this.start, end - this.start);
  }

  /** A copy of `length` bytes from `position`, of any size; the range must lie in the file. */
  async copy(position: number, length: number): Promise<Uint8Array> {
    if (length <= WINDOW_BYTES) return (await this.view(position, length)).slice();
    const bytes = new Uint8Array(length);
    await this.readInto(bytes, position);
    return bytes;
  }

  close(): Promise<void> {
    return this.file.close();
  }

  private async fill(position: number): Promise<void> {
    const length = Math.min(WINDOW_BYTES, this.size - position);
    await this.readInto(this.buffer.subarray(0, length), position);
    this.start = position;
    this.filled = length;
  }

  private async readInto(target: Uint8Array, position: number): Promise<void> {
    for (let done = 0; done < target.length; ) {
      const { bytesRead } = await this.file.read(target, done, target.length - done, position + done);
      // The file was checked to be this long when opened; a shorter read means it changed under us.
      if (bytesRead === 0) throw new Error(`the file ended at byte ${position + done}, before its size of ${this.size}`);
      done += bytesRead;
    }
  }
}
