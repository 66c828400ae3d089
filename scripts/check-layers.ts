/**
 * `npm run check:layers`: fails when an import crosses a forbidden boundary (scripts/layer-check/
 * layer-rules.ts; docs/architecture.md, "Layers"), printing each offending import as file:line.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayers, formatViolation } from './layer-check/check-layers.ts';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const violations = checkLayers(root);
for (const v of violations) process.stderr.write(`${formatViolation(v)}\n`);
if (violations.length > 0) {
  process.stderr.write(`${violations.length} import(s) cross a layer boundary\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('layers: no import crosses a boundary\n');
}
