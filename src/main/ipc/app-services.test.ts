import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../common/errors.js';
import { FakeClock } from '../../../test/support/fakes.js';
import { SessionManager } from '../core/sessions.js';
import { createProblemServices, type AppServices } from './app-services.js';

const LOCKED = new GatehouseError('store_locked', 'The key for the store is not in the keychain.');
const recoveryKey = 'ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD';

describe('the services of a store that cannot be opened', () => {
  it('offer a restore with the kit only when the key is what is missing and a kit is there', async () => {
    const clock = new FakeClock();
    const recovery = { restore: async (): Promise<AppServices> => Promise.reject(new Error('not called')) };
    const status = async (problem: GatehouseError, withKit: boolean) =>
      (await createProblemServices(problem, clock, withKit ? recovery : undefined).dispatch('app.status', {})) as { value: { canRestoreWithKit: boolean } };
    expect((await status(LOCKED, true)).value.canRestoreWithKit).toBe(true);
    expect((await status(LOCKED, false)).value.canRestoreWithKit).toBe(false);
    expect((await status(new GatehouseError('store_damaged', 'damaged'), true)).value.canRestoreWithKit).toBe(false);
    // A part of the store missing: only the key file of the file keychain is put back by the kit.
    const incomplete = new GatehouseError('store_incomplete', 'store.key is missing');
    expect(((await createProblemServices(incomplete, clock, recovery).dispatch('app.status', {})) as { value: { canRestoreWithKit: boolean } }).value.canRestoreWithKit).toBe(
      false,
    );
    const keyFile = { ...recovery, restoresMissingKeyFile: true };
    expect(((await createProblemServices(incomplete, clock, keyFile).dispatch('app.status', {})) as { value: { canRestoreWithKit: boolean } }).value.canRestoreWithKit).toBe(true);
    const refused = await createProblemServices(new GatehouseError('store_damaged', 'damaged'), clock, recovery).dispatch('app.restoreWithKit', { recoveryKey });
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_damaged' } });
  });

  it('count wrong recovery keys: five, then a wait; a right one makes the app answer from then on', async () => {
    const clock = new FakeClock();
    let tries = 0;
    let right = false;
    const app: AppServices = { sessions: new SessionManager(clock, () => 60_000), dispatch: async (channel) => ({ ok: true, value: `app answered ${channel}` }) };
    const services = createProblemServices(LOCKED, clock, {
      restore: async () => {
        tries += 1;
        if (!right) throw new GatehouseError('store_locked', 'That recovery key does not open this store.');
        return app;
      },
    });
    // One check at a time: a second one while the first runs is told to wait, and costs nothing.
    const [first, second] = await Promise.all([services.dispatch('app.restoreWithKit', { recoveryKey }), services.dispatch('app.restoreWithKit', { recoveryKey })]);
    expect([first, second]).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'store_locked' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'busy' }) }),
    ]);
    expect(tries).toBe(1);
    for (let i = 0; i < 4; i++) {
      expect(await services.dispatch('app.restoreWithKit', { recoveryKey })).toMatchObject({ ok: false, error: { code: 'store_locked', field: 'recoveryKey' } });
    }
    expect(await services.dispatch('app.restoreWithKit', { recoveryKey })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(tries).toBe(5);
    expect(await services.dispatch('app.restoreWithKit', { recoveryKey: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'recoveryKey' } });
    clock.advance(5 * 60_000);
    right = true;
    expect(await services.dispatch('app.restoreWithKit', { recoveryKey })).toEqual({ ok: true, value: null });
    expect(await services.dispatch('account.get', {})).toEqual({ ok: true, value: 'app answered account.get' });
    expect(services.sessions).toBe(app.sessions);
  });
});
