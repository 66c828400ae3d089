import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The text of a rule file with the `model_sha256` of the one rule that names `modelFile` set to
 * `sha256`: what `npm run train:models` does after writing the model. Only the pin's value changes;
 * comments, order and layout stay as written. Throws when no rule or several rules of the file name the
 * model, or when that rule has no pin to update (a new model rule is written with a placeholder pin,
 * e.g. 64 zeros in quotes).
 */
export function rewriteModelPin(text: string, modelFile: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 (64 lower-case hex digits): ${sha256}`);
  const [start, end] = pinRange(text, modelFile);
  // A digest of digits alone would read as a number: it is quoted then.
  const written = typeof parse(sha256) === 'string' ? sha256 : `"${sha256}"`;
  return `${text.slice(0, start)}${written}${text.slice(end)}`;
}

/** The 1-based line of the pin of the one rule that names `modelFile`, for messages; throws as rewriteModelPin does. */
export function modelPinLine(text: string, modelFile: string): number {
  const [start] = pinRange(text, modelFile);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where the value of the pin of the one rule that names `modelFile` is written, [start, end) in `text`. */
function pinRange(text: string, modelFile: string): [number, number] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const rules = doc.get('rules');
  const naming = isSeq(rules) ? rules.items.filter((item) => isMap(item) && item.get('model') === modelFile) : [];
  if (naming.length === 0) throw new Error(`no rule names the model ${modelFile}`);
  if (naming.length > 1) throw new Error(`${naming.length} rules name the model ${modelFile}; each pin is updated for one rule only`);
  const rule = naming[0]!;
  const pair = isMap(rule) ? rule.items.find((p) => isScalar(p.key) && p.key.value === 'model_sha256') : undefined;
  const value = pair?.value;
  if (!isScalar(value) || !value.range || value.range[0] === value.range[1]) {
    throw new Error(`the rule that names the model ${modelFile} has no model_sha256 value to update (write a placeholder, e.g. 64 zeros in quotes)`);
  }
  return [value.range[0], value.range[1]];
}
