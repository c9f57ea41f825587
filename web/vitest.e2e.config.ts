import { defineConfig } from 'vitest/config';

// End-to-end tests: real `minimarket serve` + Debian's chromium via playwright-core.
// Each file starts its own server (see e2e/support/server.ts), so files may run in parallel.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
