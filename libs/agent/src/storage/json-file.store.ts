import { readFile } from 'node:fs/promises';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { writeFileAtomic } from './atomic-file';

/**
 * One JSON document on disk, written atomically and checked against its schema when read back: a
 * file on a device's SD card is input too, and a damaged one must read as "absent", not crash boot.
 */
export class JsonFileStore<Schema extends TSchema> {
  private readonly check;

  constructor(
    private readonly path: string,
    schema: Schema,
  ) {
    this.check = TypeCompiler.Compile(schema);
  }

  /** The stored document, or undefined when there is none or it is unreadable (`problem` says why). */
  async read(): Promise<{ value?: Static<Schema>; problem?: string }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { problem: `${this.path}: ${(error as Error).message}` };
    }
    try {
      const value: unknown = JSON.parse(text);
      if (this.check.Check(value)) return { value };
      const first = this.check.Errors(value).First();
      return { problem: `${this.path}: ${first?.path || '/'}: ${first?.message}` };
    } catch (error) {
      return { problem: `${this.path}: ${(error as Error).message}` };
    }
  }

  async write(value: Static<Schema>): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(value));
  }
}
