import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // kustomize builds are real processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // one local kube-apiserver + etcd for the run (tests/server.test.ts), when installed
    globalSetup: ['tests/server-setup.ts'],
  },
});
