import type { Page } from '@playwright/test';
import { totpCodeAt } from '../../src/main/core/factors/totp/totp.js';
import { addVirtualAuthenticator, expect, expectAccessible, test, usePreview, keepEmergencyKit } from './fixtures.js';

const PIA = { email: 'pia@example.com', password: 'pia has a long passphrase' };
const app = usePreview();

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
}

let recoveryCodes: string[] = [];

test('passkeys: register, sign in without a username, as a second factor, refusals, rename, remove', async ({ page }) => {
  await page.goto(app().url);
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  await test.step('register a passkey from the account page', async () => {
    await page.getByLabel('Email address').fill(PIA.email);
    await page.getByLabel('Password', { exact: true }).fill(PIA.password);
    await page.getByLabel('Confirm password').fill(PIA.password);
    await page.getByRole('button', { name: 'Create administrator account' }).click();
    await keepEmergencyKit(page);
    await expect(page.getByText('Faster, safer sign-in with passkeys.')).toBeVisible();
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Passkey saved' })).toBeVisible();
    // The first second factor of any kind brings the recovery codes, shown once.
    await expect(page.getByText('Your first passkey turned on two-step verification')).toBeVisible();
    recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: "I've saved my recovery codes" }).click();
    await expect(page.getByText('On. After your password, Gatehouse asks for one of your passkeys.')).toBeVisible();
    await expect(page.getByText('10 of 10 left')).toBeVisible();
    const list = page.getByRole('list', { name: 'Passkeys' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list).toContainText('This device only');
    await expect(list).toContainText('Last used Never');
    await expectAccessible(page, 'passkeys');
  });

  await test.step('registering the same authenticator again is refused', async () => {
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    // The account has a second factor now, and this session has not shown it: a step-up first.
    await page.getByRole('dialog', { name: 'Verification required' }).getByRole('button', { name: 'Use a passkey' }).click();
    await expect(page.getByRole('alert')).toContainText('already registered');
    await expect(page.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1);
  });

  await test.step('rename', async () => {
    await page.getByRole('button', { name: /^Rename / }).click();
    const dialog = page.getByRole('dialog', { name: 'Rename passkey' });
    await dialog.getByLabel('Passkey name').fill('Desk laptop');
    await dialog.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('list', { name: 'Passkeys' })).toContainText('Desk laptop');
  });

  await test.step('usernameless sign-in', async () => {
    await signOut(page);
    await expect(page.getByLabel('Email address')).toHaveAttribute('autocomplete', 'username webauthn');
    await expectAccessible(page, 'sign in with passkey option');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
    await expect(page.getByText('with a passkey kept on one device (two-step verification)')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Passkeys' })).not.toContainText('Last used Never');
  });

  await test.step('the lock screen offers the passkey too, and takes the focus', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
    await expect(page.getByRole('heading', { name: 'Gatehouse is locked' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  });

  await test.step('later, adding a way in asks for a second factor again, and a passkey gives it', async () => {
    await app().advanceClock(6 * 60_000);
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    const stepUp = page.getByRole('dialog', { name: 'Verification required' });
    await expect(stepUp).toBeVisible();
    // The strongest factor first: the passkey, then a recovery code.
    await expect(stepUp.getByRole('button', { name: 'Use a passkey' })).toBeVisible();
    await expect(stepUp.getByLabel('Enter one of your recovery codes')).toBeVisible();
    await expectAccessible(page, 'step-up with a passkey');
    await stepUp.getByRole('button', { name: 'Use a passkey' }).click();
    // Main accepted the passkey and went on; this authenticator is already registered.
    await expect(page.getByRole('alert')).toContainText('already registered');
  });

  await test.step('the authenticator cannot verify the user: a clear message and no session', async () => {
    await signOut(page);
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('alert')).toContainText('Passkey sign-in was cancelled or could not verify you');
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
    expect(
      await page.evaluate(async () => (await (window as unknown as { gatehouse: { session: { get(r: object): Promise<{ value: unknown }> } } }).gatehouse.session.get({})).value),
    ).toBeNull();
  });

  await test.step('an assertion without user verification is refused by main, not only by the browser', async () => {
    // The options main gave ask for user verification, so Chromium refused above before main saw
    // anything. A page that asks the authenticator without it gets a real assertion with UV=0:
    // main's own check must refuse it.
    const answer = await page.evaluate(async () => {
      type Call = (request: object) => Promise<{ ok: boolean; value: { flowId: string; options: object } & Record<string, unknown> }>;
      const gatehouse = (window as unknown as { gatehouse: { auth: { passkeyBegin: Call; passkeyFinish: Call }; session: { get: Call } } }).gatehouse;
      const begin = await gatehouse.auth.passkeyBegin({});
      const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({ ...(begin.value.options as PublicKeyCredentialRequestOptionsJSON), userVerification: 'discouraged' });
      const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
      const flags = new Uint8Array((credential.response as AuthenticatorAssertionResponse).authenticatorData)[32]!;
      const finish = await gatehouse.auth.passkeyFinish({ flowId: begin.value.flowId, response: credential.toJSON() });
      return { userVerifiedFlag: (flags & 0x04) !== 0, finish, session: (await gatehouse.session.get({})).value };
    });
    expect(answer).toEqual({ userVerifiedFlag: false, finish: { ok: true, value: { kind: 'failed' } }, session: null });
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
  });

  await test.step('a passkey as the second step after a password', async () => {
    await page.getByLabel('Email address').fill(PIA.email);
    await page.getByLabel('Password', { exact: true }).fill(PIA.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // A passkey is a second factor: the password asks for it, or a recovery code (the passkey lost).
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
    await expect(page.getByLabel('Enter one of your recovery codes')).toBeFocused();
    await page.getByLabel('Enter one of your recovery codes').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
    // The refusal of the step before, as main recorded it: for want of user verification.
    const refusals = await page.evaluate(async () => {
      const gatehouse = (window as unknown as { gatehouse: { admin: { audit(r: object): Promise<{ value: { entries: { method: string | null; detail: string | null }[] } }> } } })
        .gatehouse;
      return (await gatehouse.admin.audit({ action: 'sign_in', outcome: 'failed' })).value.entries.filter((e) => e.method === 'passkey').map((e) => e.detail);
    });
    expect(refusals).toEqual([expect.stringMatching(/user verification|user could not be verified/i)]);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: "Can't scan the QR code?" }).click();
    const key = (await page.locator('code.key').innerText()).replace(/\s/g, '');
    await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(await totpCodeAt(key, app().now()));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    // Not the first second factor: no new recovery codes.
    await expect(page.getByText(/On\. After your password, Gatehouse asks for a code from your authenticator app or a passkey\./)).toBeVisible();
    await signOut(page);
    await page.getByLabel('Email address').fill(PIA.email);
    await page.getByLabel('Password', { exact: true }).fill(PIA.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
    await expect(page.getByText('with your password and a passkey kept on one device (two-step verification)')).toBeVisible();
  });

  await test.step('remove, then that passkey can never sign in again', async () => {
    await page.getByRole('button', { name: 'Remove Desk laptop' }).click();
    await page
      .getByRole('dialog', { name: /Remove the passkey/ })
      .getByRole('button', { name: 'Remove passkey' })
      .click();
    await expect(page.getByRole('status').filter({ hasText: 'Removed the passkey' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Passkeys' })).toHaveCount(0);
    await signOut(page);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page.getByRole('alert')).toContainText('That passkey was not accepted');
    await expect(page.getByRole('heading', { name: 'Sign in to Gatehouse' })).toBeVisible();
  });
});
