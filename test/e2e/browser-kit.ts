import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_API_OPTIONS } from '../../src/api/api-deps.ts';
import { hashPassword } from '../../src/api/auth/password.ts';
import { insertUser } from '../../src/store/review-app/users.ts';
import { ROLES, type Role } from '../../src/domain/role.ts';
import { buildServer } from '../../src/api/server.ts';
import { createRetryCalls } from '../../src/api/retry-calls.ts';
import type { NextJob } from '../../src/pipeline/stage.ts';
import { createLogger } from '../../src/logger.ts';
import { packBankGroups } from '../../src/rules/pack-bank-groups.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { locateSeededAudio, seedReviewData } from '../integration/api/seed-review-data.ts';

/**
 * The review app in a real browser: the built SPA (web/dist, rebuilt when a source file is newer)
 * served with the API on 127.0.0.1, a fresh seeded database, and Debian's Chromium driven by
 * playwright-core. One account per role: username = role, password PASSWORD.
 */
export const PASSWORD = 'browser test password';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB = path.resolve('web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than web/src (npm test needs no separate step). */
export function ensureWebBuilt(): void {
  const sources = Math.max(newestSource(path.join(WEB, 'src')), statSync(path.join(WEB, 'index.html')).mtimeMs, statSync(path.join(WEB, 'vite.config.ts')).mtimeMs);
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    timeout: 120_000,
    // vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function useReviewApp() {
  const t = useTestDatabase();
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  // Jobs a retry hands to the pipeline, as the queue would take them.
  const dispatched: NextJob[] = [];
  const signedIn = new Map<Role, { context: BrowserContext; page: Page; errors: string[] }>();

  beforeAll(async () => {
    ensureWebBuilt();
    await seedReviewData(t.db);
    const hash = await hashPassword(PASSWORD);
    for (const role of ROLES) await insertUser(t.db, { username: role, role, passwordHash: hash, displayName: role });
    app = await buildServer({
      db: t.db,
      logger: createLogger('silent'),
      locateAudio: locateSeededAudio,
      retryCalls: createRetryCalls(t.db, async (jobs) => void dispatched.push(...jobs)),
      options: { ...DEFAULT_API_OPTIONS, webDist: path.join(WEB, 'dist'), checkResponses: true, bankGroups: packBankGroups('rules') },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--no-first-run', '--autoplay-policy=no-user-gesture-required', '--mute-audio',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const kit = {
    get db() {
      return t.db;
    },
    get baseUrl() {
      return baseUrl;
    },
    dispatched,
    /**
     * A browser context (own cookies) signed in as `role` through the login form, kept for the
     * file's later tests (signing in costs a couple of seconds on two cores); its page starts at
     * the role's landing page.
     */
    async signIn(role: Role): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
      const cached = signedIn.get(role);
      if (cached) {
        await cached.page.goto(`${baseUrl}/`);
        await cached.page.waitForSelector('[data-testid=who]');
        return cached;
      }
      const context = await browser!.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${baseUrl}/`);
      await page.fill('input[name=username]', role);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=who]');
      const session = { context, page, errors };
      signedIn.set(role, session);
      return session;
    },
    async newContext(): Promise<BrowserContext> {
      return browser!.newContext({ viewport: { width: 1400, height: 900 } });
    },
  };
  return kit;
}

/** Set CALLGUARD_SCREENSHOTS=1 to refresh docs/screenshots/ from a run. */
export const SCREENSHOT_DIR = process.env.CALLGUARD_SCREENSHOTS ? path.resolve('docs/screenshots') : undefined;
