import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Unit and integration tests run under Node. Tests that start real daemons (etcd) or the API server
// run in forked workers so native modules (better-sqlite3) and child processes are isolated.
// Renderer component tests import .vue files (the vue plugin compiles them) and choose happy-dom
// per file (`// @vitest-environment happy-dom`).
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
    reporters: ['default', './scripts/summary-reporter.mjs'],
  },
});
