import pg from 'pg';
import { RULE_PACK_CHANNEL } from './repositories/rule-packs-repository.ts';

export interface RulePackListener {
  close(): Promise<void>;
}

/**
 * Listens on its own connection (LISTEN needs one that is not returned to a pool) for publishes
 * and rollbacks; `onChange` gets the language. A lost connection is reported through `onError`
 * and not re-established here: the caller's periodic check of the active pack covers the gap.
 */
export async function listenForRulePackChanges(
  connectionString: string,
  onChange: (language: string) => void,
  onError: (err: Error) => void,
): Promise<RulePackListener> {
  const client = new pg.Client({ connectionString });
  client.on('error', onError);
  await client.connect();
  client.on('notification', (n) => {
    if (n.channel === RULE_PACK_CHANNEL && n.payload) onChange(n.payload);
  });
  await client.query(`LISTEN ${RULE_PACK_CHANNEL}`);
  let closed = false;
  return {
    async close() {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
}
