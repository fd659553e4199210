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
    // Type-only imports of the API's contracts; nothing of the server is bundled.
    alias: { '@edgeplane/contracts': resolve(repoRoot, 'libs/contracts/src/index.ts') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(repoRoot, 'dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    // One bundle of ≈ 200 kB gzipped (React, the router, the charts) loads once per session.
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
