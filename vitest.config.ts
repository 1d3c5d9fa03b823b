import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // kustomize builds and control planes are real processes on a shared 2-core machine: limits that
    // only catch a hang, never a slow machine (a 60 s limit has failed on a loaded CI runner).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // builds dist/ (the compiled commands that tests spawn) before any test runs, then starts one
    // local kube-apiserver + etcd for the run (tests/server.test.ts), when installed
    globalSetup: ['tests/global-setup.ts', 'tests/server-setup.ts'],
  },
});
