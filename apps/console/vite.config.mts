import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;
const repoRoot = resolve(here, '../..');

/**
 * The web console is a static single-page app that the controller serves at /console (see
 * apps/controller/src/console). It talks to the public REST API only, with the operator's API key.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  // Air-gapped sites: the build reads nothing from the network and the page loads nothing from it.
  publicDir: false,
  resolve: {
    // The API's contracts: the index for types only (it re-exports the wire protocol's Node code);
    // a folder of plain rules (e.g. @edgeplane/contracts/rollouts) may be imported for its functions.
    alias: [
      { find: /^@edgeplane\/contracts$/, replacement: resolve(repoRoot, 'libs/contracts/src/index.ts') },
      { find: /^@edgeplane\/contracts\/(.*)$/, replacement: resolve(repoRoot, 'libs/contracts/src/$1') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(repoRoot, 'dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    // One bundle, 830 kB (240 kB gzipped: React, the router, the charts), loaded once per session.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // React Server Components' "use client" markers mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
