import type { Logger } from '../logger.ts';
import type { Language } from '../domain/transcript.ts';
import { LANGUAGES } from '../domain/transcript.ts';
import type { Clock } from '../domain/clock.ts';
import type { Db } from '../store/db.ts';
import { listenForRulePackChanges, type RulePackListener } from '../store/rule-pack-notifications.ts';
import { forgetWorkerRulePacks, reportWorkerRulePacks } from '../store/worker-rule-packs.ts';
import type { RulePackSource } from './rule-pack-source.ts';

export interface RulePackWatchOptions {
  db: Db;
  rules: RulePackSource;
  logger: Logger;
  clock: Clock;
  /** This process's name in worker_rule_packs (host:pid). */
  worker: string;
  /** The fallback check of the active versions and the heartbeat, for a notification that was missed. */
  intervalMs: number;
}

export interface RulePackWatch {
  /** Reloads now and reports what is loaded (tests, and the interval). */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps a worker's rule packs current without a restart: a publish or rollback notifies
 * (PostgreSQL LISTEN/NOTIFY) and the language's pack is reloaded at once; every `intervalMs` the
 * active versions are checked anyway and the loaded versions reported as a heartbeat. A version
 * that does not compile is not loaded (RulePackSource keeps the previous one and says why).
 */
export async function startRulePackWatch(o: RulePackWatchOptions): Promise<RulePackWatch> {
  const reload = async (languages: readonly Language[]) => {
    for (const language of languages) {
      o.rules.invalidate(language);
      try {
        await o.rules.current(o.db, language);
      } catch (err) {
        // No pack for a language this deployment does not use is not a failure of the watch.
        o.logger.debug({ language, err: err instanceof Error ? err.message : String(err) }, 'no rule pack loaded for language');
      }
    }
    await reportWorkerRulePacks(o.db, o.worker, o.rules.loadedVersions(), o.clock.now());
  };
  const check = () => reload(LANGUAGES);
  let listener: RulePackListener | undefined;
  try {
    listener = await listenForRulePackChanges(
      o.db.connectionString,
      (language) => {
        if (!(LANGUAGES as readonly string[]).includes(language)) return;
        o.logger.info({ language }, 'rule pack published: reloading');
        reload([language as Language]).catch((err: unknown) => o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rule pack reload failed'));
      },
      (err) => o.logger.warn({ err: err.message }, 'rule pack notifications lost; the periodic check still reloads'),
    );
  } catch (err) {
    o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot listen for rule pack notifications; the periodic check still reloads');
  }
  await check();
  const timer = setInterval(() => {
    check().catch((err: unknown) => o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rule pack check failed'));
  }, o.intervalMs);
  timer.unref();
  return {
    check,
    async stop() {
      clearInterval(timer);
      await listener?.close();
      // The row would age out anyway; a database already gone is worth a line, not a failed stop.
      await forgetWorkerRulePacks(o.db, o.worker).catch((err: unknown) => o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not remove this worker from worker_rule_packs'));
    },
  };
}
