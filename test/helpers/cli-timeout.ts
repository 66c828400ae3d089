/**
 * The bound on a test that starts the CLI in its own process. Each cold start compiles the tree
 * through tsx (≈ 2.6 s of CPU), and embedded mode creates a database besides; on a machine loaded
 * ten times over its cores one start was measured at 39 s. The bound is there against a hang, not
 * as a measure of speed: nothing asserts how fast the CLI starts (bench/ measures that).
 */
export const CLI_TEST_TIMEOUT_MS = 240_000;
