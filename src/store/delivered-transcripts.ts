import type { Queryable } from './db.ts';
import { StageResultsRepository } from './repositories/stage-results-repository.ts';

/**
 * A transcript delivered with a recording (the telephony platform's sidecar) is kept as received
 * in the stage results under 'delivery'; the ingest stage validates it (src/pipeline/delivery.ts).
 */
export const DELIVERY_STAGE = 'delivery';

export async function recordDelivery(q: Queryable, callId: string, rawText: string): Promise<void> {
  await new StageResultsRepository(q).upsert(callId, DELIVERY_STAGE, '', { text: rawText });
}

export async function deliveredText(q: Queryable, callId: string): Promise<string | null> {
  const r = await new StageResultsRepository(q).get<{ text?: unknown }>(callId, DELIVERY_STAGE, '');
  return r && typeof r.result.text === 'string' ? r.result.text : null;
}
