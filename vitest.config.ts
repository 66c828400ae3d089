import { defineConfig } from 'vitest/config';

/**
 * Three projects, by what a test needs to run:
 * - unit: nothing but Node and the files in the tree (no database, Redis, ffmpeg, spawned CLI or
 *   browser); the inner loop, `npm run test:unit`, done in well under a minute.
 * - integration: real PostgreSQL, Redis, ffmpeg, pocketsphinx and spawned processes.
 * - e2e: the review app in Chromium.
 * `npm test` runs the three together.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Integration files spend most of their time waiting on PostgreSQL, Redis and child processes,
    // so more files run at once than the machine has cores (vitest's default is cores − 1, one
    // file at a time on two cores); each uses its own database and queue prefix.
    maxWorkers: process.env.CALLGUARD_TEST_WORKERS ?? 4,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Against a hang only: a unit test of 2 s on a quiet machine took 20 s on one loaded
          // ten times over its cores.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Suites spawn ffmpeg, pocketsphinx and workers, and wait on services: a bound against a
          // hang, not a measure of speed. A machine loaded ten times over its cores stretched
          // tests that take 5–20 s when it is quiet past 60 s.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // The first test may build web/dist and start Chromium.
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
