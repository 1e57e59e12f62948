// A security key that cannot verify its user (no PIN, no fingerprint): what Electron gives where
// no platform authenticator exists, since it has no PIN prompt. Kept as a second step after the
// password, and said so; it never signs in on its own.
import { addVirtualAuthenticator, createAdministrator, expect, expectAccessible, test, usePreview } from './fixtures.js';

const ADA = { email: 'ada@example.com', password: 'ada has a long passphrase' };
const app = usePreview();

test('a security key without user verification is a second step after the password, never a sign-in on its own', async ({ page }) => {
  await page.goto(app().url);
  await addVirtualAuthenticator(page, 'securityKeyWithoutPin');
  await createAdministrator(page, ADA);

  // As a passkey it must verify its user, which it cannot: nothing is made, and the page offers the second step.
  await page.getByRole('button', { name: 'Add a security key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No passkey was created.' })).toBeVisible();
  const offer = page.getByRole('note').filter({ hasText: 'If your security key has no PIN' });
  await expect(offer).toContainText('cannot sign you in on its own');
  await offer.getByRole('button', { name: 'Add it as a second step' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'It did not check a PIN or fingerprint, so it works as the second step after your password' })).toBeVisible();
  await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
  const list = page.getByRole('list', { name: 'Passkeys' });
  await expect(list).toContainText('Second step only');
  await expect(list).toContainText('No PIN or fingerprint: asked for after your password');
  await expectAccessible(page, 'second-step security key');

  await page.getByRole('button', { name: 'Sign out' }).click();
  // On its own it cannot sign in: the sign-in asks for user verification, which this key cannot give.
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText('Passkey sign-in was cancelled or could not verify you');
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();

  await page.getByLabel('Email address').fill(ADA.email);
  await page.getByLabel('Password', { exact: true }).fill(ADA.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  const amr = await page.evaluate(async () => {
    const session = await (window as unknown as { gatehouse: { session: { get(r: object): Promise<{ value: { amr: string[] } }> } } }).gatehouse.session.get({});
    return session.value.amr;
  });
  expect(amr).toEqual(['pwd', 'hwk', 'mfa']);
});
