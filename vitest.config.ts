import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // builds dist/ (the compiled commands that tests spawn) before any test runs
    globalSetup: ['tests/global-setup.ts'],
    // kustomize builds are real processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
