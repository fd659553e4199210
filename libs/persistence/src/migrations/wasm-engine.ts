import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/** The engine class of `@prisma/schema-engine-wasm`, ready to use. */
export type SchemaEngineClass = typeof SchemaEngine;

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// The WebAssembly global as far as it is used here; tsconfig's lib (ES2023) does not declare it.
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  };
};

let instantiated: SchemaEngineClass | undefined;

/**
 * Instantiates Prisma's schema engine from its WebAssembly file, once per process.
 *
 * The package's entry point imports the `.wasm` with an ESM import that Node 20 cannot do, so the
 * module is built by hand from the file next to the package's JS glue. The glue is an ES module,
 * loaded here through Node's require of ES modules (Node >= 20.19), and only when first needed:
 * importing this file stays harmless where ES modules cannot be required (Jest). The glue keeps
 * the instance in a module-level variable, so a second instantiation would swap the memory under a
 * live engine: hence once per process.
 */
export function loadSchemaEngine(): SchemaEngineClass {
  if (instantiated) return instantiated;
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = require(gluePath) as Glue;
  // The package's exports do not list the .wasm; it sits next to the glue.
  const wasmPath = join(dirname(gluePath), 'schema_engine_bg.wasm');
  const wasm = new WebAssembly.Module(readFileSync(wasmPath));
  // The wasm imports its JS helpers from the glue under the glue's own file name.
  const instance = new WebAssembly.Instance(wasm, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  instantiated = glue.SchemaEngine as unknown as SchemaEngineClass;
  return instantiated;
}
