import { readFile } from 'node:fs/promises';
import { verifyEvidenceBundle } from '../reports/evidence-bundle.ts';

/**
 * `callguard bundle verify FILE`: checks an evidence bundle made for the bank: every file its
 * manifest lists is present with the listed SHA-256 and size, and nothing unlisted was added.
 * Prints the manifest's hash, to compare with the one recorded when the bundle was sent. Exit 1
 * when anything differs. (The bank needs no callguard for this: `sha256sum -c SHA256SUMS`.)
 */
export async function bundleVerifyCommand(file: string): Promise<void> {
  const result = await verifyEvidenceBundle(await readFile(file));
  if (result.ok) {
    process.stdout.write(`evidence bundle intact; manifest.json SHA-256 ${result.manifestSha256}\n证据包完整，未被改动\n`);
    return;
  }
  for (const p of result.problems) process.stdout.write(`${p}\n`);
  process.stdout.write(`evidence bundle altered or incomplete: ${result.problems.length} problem(s)\n证据包已被改动或不完整\n`);
  process.exitCode = 1;
}
