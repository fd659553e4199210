// One Jest run covers unit specs beside the code (libs/**, apps/**) and integration/e2e tests in test/.
// Integration tests talk to the machine's real PostgreSQL, Redis and Mosquitto; each test file gets
// its own database cloned from a migrated template (test/support/database.ts).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const alias = (lib) => [`^@edgeplane/${lib}(/.*)?$`, `<rootDir>/libs/${lib}/src$1`];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  // Node's environment, sharing typed-array constructors with the main realm for onnxruntime-node.
  testEnvironment: '<rootDir>/test/support/ort-test-environment.ts',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // onnx-buf ships ES modules only, and Jest on Node 20 cannot require() them: compile it like our code.
    '/node_modules/onnx-buf/.+\\.js$': ['@swc/jest', swc],
  },
  transformIgnorePatterns: ['/node_modules/(?!onnx-buf/)'],
  moduleNameMapper: Object.fromEntries(
    ['contracts', 'persistence', 'platform', 'auth', 'registry', 'artifacts', 'models', 'onnx', 'compiler', 'agent', 'fleet', 'telemetry', 'rollouts', 'audit', 'cli'].map(alias),
  ),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30_000,
  // Two cores: two workers keep PostgreSQL responsive while tests run in parallel.
  maxWorkers: 2,
};
