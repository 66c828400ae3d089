/**
 * Writes web/src/api-types.generated.ts, the review API's types as the web app uses them, from the
 * OpenAPI document the server serves (`npm run gen:api-types`). A unit test fails when the
 * committed file differs from what this writes: change a route's schemas, run this, commit both.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { openApiDocument } from '../src/api/openapi-document.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const API_TYPES_FILE = 'web/src/api-types.generated.ts';

const HEADER = `/**
 * The review API's types, generated from its OpenAPI document by \`npm run gen:api-types\`
 * (scripts/generate-api-types.ts). Do not edit: change the route's schemas in src/api and run it.
 */
`;

export async function generatedApiTypes(): Promise<string> {
  const document = (await openApiDocument()) as unknown as OpenAPI3;
  const ast = await openapiTS(document, { alphabetize: true });
  return `${HEADER}\n${astToString(ast)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(root, API_TYPES_FILE), await generatedApiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
