import NodeEnvironment from 'jest-environment-node';

/**
 * Typed-array constructors the test realm must share with Node's main realm, beyond the Uint8Array
 * and ArrayBuffer that jest-environment-node already shares.
 */
const SHARED_TYPED_ARRAYS = [
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * The Jest environment of every test (jest.config.js): Node's, made safe for onnxruntime-node.
 * Jest runs each test file in its own V8 realm, but ORT's native binding creates output
 * arrays in Node's main realm, and onnxruntime-common, loaded in the test realm, then rejects them:
 * "A float32 tensor's data must be type of function Float32Array()" (`instanceof` is false across
 * realms, microsoft/onnxruntime#16622). Sharing the constructors makes both realms agree.
 */
export default class OrtTestEnvironment extends NodeEnvironment {
  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    const testGlobals = this.global as Record<string, unknown>;
    for (const name of SHARED_TYPED_ARRAYS) testGlobals[name] = globalThis[name];
  }
}
