import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedSchemas } from '../../../scripts/generate-schemas.ts';

describe('generated JSON Schemas', () => {
  it.each(Object.entries(generatedSchemas()))('%s is up to date (run `npm run gen:schemas`)', (path, text) => {
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('describe what authors write: strict objects, the rule kinds, defaults optional', () => {
    const schema = JSON.parse(generatedSchemas()['rules/rule-file.schema.json']!);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    for (const kind of ['phrase', 'required', 'contact_time', 'contact_frequency', 'recording']) expect(text).toContain(`"const":"${kind}"`);
    const transcript = JSON.parse(generatedSchemas()['docs/transcript.schema.json']!);
    expect(transcript.required).toEqual(['call', 'segments']);
  });
});
