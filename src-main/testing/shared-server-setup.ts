import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SharedClient } from './shared-client';

/** The renderer folder a test's HTTP server serves: an index.html is all a test asks of it. Returns its path. */
export function rendererFolder(dir: string): string {
  const staticDir = join(dir, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>规划督办台</title>');
  return staticDir;
}

/** The password the tests' accounts choose at their first log-in. */
export const FIRST_PASSWORD = 'Xk7#mq9-Lp2v';

/** A first log-in: the issued password is accepted once, then the account must set its own (`next`). */
export async function firstLogIn(browser: SharedClient, login: string, password: string, next = FIRST_PASSWORD): Promise<SharedClient> {
  expect(await browser.logIn(login, password)).toMatchObject({ ok: true });
  await browser.value('account.changePassword', { current: password, next });
  return browser;
}
