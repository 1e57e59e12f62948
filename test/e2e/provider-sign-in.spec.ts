// Signing in with an OpenID Connect provider as a person would: the app in Chromium, a real
// oidc-provider 9 on 127.0.0.1, and a second Playwright page playing the system browser.
import type { Page } from '@playwright/test';
import { runGatehouse } from '../support/cli.js';
import { startOidcProvider, type RunningProvider } from '../support/oidc-provider.js';
import { expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', password: 'ada has a long passphrase' };
const app = usePreview();
let op: RunningProvider;

test.beforeAll(async () => {
  op = await startOidcProvider([
    { sub: 'grace-at-idp', email: 'grace@example.com', name: 'Grace Hopper' },
    { sub: 'lin-at-idp', email: 'lin@example.com', name: 'Lin Wu' },
  ]);
});
test.afterAll(async () => {
  await op.stop();
});

/**
 * Plays the system browser: opens the page main sent, signs in at the provider and consents
 * (the first time: the provider remembers it). The browser keeps its cookies, so the provider
 * has a session of its own from the first sign-in on: a fresh login asked for later is one it
 * must ask for again.
 */
let pagesSeen = 0;
/** Counts the pages main has opened so far: the next sign-in at the provider waits for one more. */
async function notePagesOpened(): Promise<void> {
  pagesSeen = (await app().openedPages()).length;
}
async function signInAtProvider(page: Page, login: string): Promise<Page> {
  // The page main opens for this sign-in: not one before it (an earlier, cancelled wait), which
  // main may not have followed with the new one yet.
  await expect.poll(async () => (await app().openedPages()).length).toBeGreaterThan(pagesSeen);
  const pages = await app().openedPages();
  pagesSeen = pages.length;
  const browser = await page.context().newPage();
  await browser.goto(pages.at(-1)!);
  await browser.locator('input[name="login"]').fill(login);
  await browser.locator('input[name="password"]').fill('anything');
  await browser.locator('button[type="submit"]').click();
  const back = browser.getByRole('heading', { name: 'You can return to Gatehouse' });
  const consent = browser.getByRole('button', { name: 'Continue' });
  // Consent may be asked once, or again after the provider ended another person's session.
  for (let step = 0; step < 3 && !(await back.isVisible()); step++) {
    await expect(back.or(consent)).toBeVisible();
    if (await consent.isVisible()) await consent.click().catch(() => undefined);
    await browser.waitForLoadState();
  }
  await expect(back).toBeVisible();
  return browser;
}

/** Puts main's clock `ms` behind this machine's: a sign-in now is then that long ago once it is put back. */
async function clockBehindBy(ms: number) {
  await app().advanceClock(Date.now() - app().now() - ms);
}

test('an administrator sets up and adds a provider on its admin page', async ({ page }) => {
  await page.goto(app().url);
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator account' }).click();
  await keepEmergencyKit(page);
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await page.getByRole('button', { name: 'Providers' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-in providers' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a provider' }).click();
  await page.getByLabel('Name').fill('Test SSO');
  await page.getByLabel('Issuer URL').fill(op.issuer);
  await page.getByLabel('Client id').fill(op.clientId);
  await page.getByLabel(/May create accounts/).check();
  // A plain-http issuer is refused until the development switch says so.
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText(/must be an https URL/)).toBeVisible();
  await page.getByLabel(/plain-http issuer on this computer/).check();
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByText('Added Test SSO. Test it to check that it can be reached.')).toBeVisible();
  await page.getByRole('button', { name: 'Test Test SSO' }).click();
  await expect(page.getByText('Test SSO can be reached.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Providers' })).toContainText('Reachable (checked');
  await expectAccessible(page, 'providers');
  // The command line sees the same store.
  const listed = await runGatehouse(['--data-dir', app().dataDir, '--keychain', app().keychain, 'providers', 'list', '--json']);
  expect(listed.json()).toEqual([expect.objectContaining({ name: 'Test SSO', allowRegistration: true, insecureLoopbackIssuer: true })]);
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('"Continue with" the provider waits for the browser, registers the person and signs them in; a password lets the provider go', async ({ page }) => {
  await page.goto(app().url);
  await notePagesOpened();
  await clockBehindBy(6 * 60_000);
  await page.getByRole('button', { name: 'Continue with Test SSO' }).click();
  await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();
  await expectAccessible(page, 'waiting for the browser');
  // While it waits, the other ways in are put away: one thing at a time.
  await expect(page.getByLabel('Email address')).toHaveCount(0);
  const browser = await signInAtProvider(page, 'grace-at-idp');
  await browser.close();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText('grace@example.com').first()).toBeVisible();
  await expect(page.getByText('This account has no password: you sign in another way (a code by email or text, a provider or a passkey).')).toBeVisible();
  // Her only way in cannot be unlinked: main refuses, and says why.
  await expect(page.getByRole('list', { name: 'Linked providers' })).toContainText('Test SSO');
  await page.getByRole('button', { name: 'Unlink Test SSO' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Unlink' }).click();
  await expect(page.getByText('Test SSO is the only way to sign in to grace@example.com: add a password or a passkey before unlinking it.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Linked providers' })).toContainText('Test SSO');
  await expectAccessible(page, 'account with a linked provider');
  // A first password is another way in: then the provider may be unlinked. She signed in six
  // minutes ago, so Gatehouse asks her to prove it's her first: at Test SSO, which must ask her
  // to sign in again (its own session in this browser does not count).
  await app().advanceClock(6 * 60_000);
  await page.getByRole('button', { name: 'Set a password' }).click();
  await page.getByLabel('Password', { exact: true }).fill('grace chose a long passphrase');
  await page.getByLabel('Confirm password').fill('grace chose a long passphrase');
  await page.getByRole('button', { name: 'Set password' }).click();
  const confirm = page.getByRole('dialog', { name: "Confirm it's you" });
  await expect(confirm.getByText('Sign in again at your provider to continue.')).toBeVisible();
  await expect(confirm.getByLabel('Password')).toHaveCount(0);
  await confirm.getByRole('button', { name: 'Continue with Test SSO' }).click();
  await expect(confirm.getByText(/Sign in again at Test SSO in the browser window that opened/)).toBeVisible();
  expect(new URL((await app().openedPages()).at(-1)!).searchParams.get('prompt')).toBe('login');
  await (await signInAtProvider(page, 'grace-at-idp')).close();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByText('Your password was set. You can sign in with it too.')).toBeVisible();
  await page.getByRole('button', { name: 'Unlink Test SSO' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Unlink' }).click();
  await expect(page.getByText('Test SSO is unlinked.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Link Test SSO' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email address').fill('grace@example.com');
  await page.getByLabel('Password', { exact: true }).fill('grace chose a long passphrase');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('cancelling the wait goes back to the choices; opening the page again opens the same page (keyboard only, 320 px)', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(app().url);
  // Tab from the passkey button to the provider's (once the providers are listed), and Enter: no pointer anywhere.
  await expect(page.getByRole('button', { name: 'Continue with Test SSO' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a passkey' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Continue with Test SSO' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Continue in your browser' })).toBeVisible();
  const before = await app().openedPages();
  await page.getByRole('button', { name: 'Open the page again' }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await app().openedPages()).length).toBe(before.length + 1);
  expect((await app().openedPages()).at(-1)).toBe(before.at(-1));
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: 'test-results/provider-wait-320.png' });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Continue with Test SSO' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('with the provider down, its button says so, and password sign-in works as ever', async ({ page }) => {
  await op.stop();
  try {
    await page.goto(app().url);
    await page.getByRole('button', { name: 'Continue with Test SSO' }).click();
    await expect(page.getByText(/Test SSO cannot be reached/)).toBeVisible();
    await page.reload();
    await expect(page.getByText('Test SSO could not be reached at the last try.')).toBeVisible();
    await page.getByLabel('Email address').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
  } finally {
    await op.start();
  }
});

test('a provider-only account unlocks at its provider, which must ask again; nobody else gets in that way', async ({ page }) => {
  await page.goto(app().url);
  await notePagesOpened();
  await page.getByRole('button', { name: 'Continue with Test SSO' }).click();
  await (await signInAtProvider(page, 'lin-at-idp')).close();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await app().lockScreen();
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible({ timeout: 15_000 });
  // No password to ask for: the provider is the way back in.
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await expectAccessible(page, 'locked, provider-only');
  // Someone else at the provider is refused, and the app stays locked.
  await page.getByRole('button', { name: 'Unlock with Test SSO' }).click();
  await expect(page.getByText(/Sign in again at Test SSO as lin@example.com/)).toBeVisible();
  await (await signInAtProvider(page, 'grace-at-idp')).close();
  await expect(page.getByText('You signed in to Test SSO as someone this account is not linked to. Try again with your own Test SSO account.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible();
  await page.getByRole('button', { name: 'Unlock with Test SSO' }).click();
  await (await signInAtProvider(page, 'lin-at-idp')).close();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await expect(page.getByText('Signed in', { exact: false }).filter({ hasText: 'with Test SSO' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
});
