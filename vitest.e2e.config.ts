// End-to-end runs (test/e2e): each file boots real systemd + podman beds in systemd-nspawn, so files run one
// after another in a single forked worker (signal hooks need a process, not a thread) with long timeouts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    // the first run debootstraps each bed's rootfs (minutes); later boots take seconds
    hookTimeout: 40 * 60_000,
    testTimeout: 10 * 60_000,
    teardownTimeout: 5 * 60_000,
  },
});
