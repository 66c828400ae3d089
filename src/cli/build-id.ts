/**
 * Which code is running: null when the CLI runs from its TypeScript sources, and a hash of every
 * source when it runs from the bundle in dist/ (scripts/build-cli.ts writes the value into the
 * bundle in place of this file). Caches of work the code does (a loaded rule pack) are keyed by it,
 * so a rebuild with a changed loader never reads what the old one wrote.
 */
export const BUILD_ID: string | null = null;
