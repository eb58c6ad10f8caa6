// `npm run bench:up`: the benchmark of up against systemctl in a booted bed (test/e2e/bench), with the e2e
// runner settings; neither `npm test` nor `npm run test:e2e` picks it up (their patterns end in .test.ts).
import { defineConfig } from 'vitest/config';
import e2e from './vitest.e2e.config.js';

export default defineConfig({ test: { ...e2e.test, include: ['test/e2e/bench/**/*.bench-e2e.ts'] } });
