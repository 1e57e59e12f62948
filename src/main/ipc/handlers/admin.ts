import { presentAuditEntry } from '../presentation.js';
import type { HandlerDeps, NamespaceHandlers } from './handler.js';

/** Administration: the rules (not the last administrator, not yourself) are the core's, so the CLI keeps them too. */
export function adminHandlers({ core, custody, clock }: HandlerDeps): NamespaceHandlers<'admin'> {
  return {
    'admin.listAccounts': () => core.accounts.list(),
    'admin.createAccount': (request, { actor }) => core.accounts.create(request, actor),
    'admin.disable': ({ email }, { actor }) => core.accounts.disable(email, actor),
    'admin.enable': ({ email }, { actor }) => core.accounts.enable(email, actor),
    'admin.unlock': ({ email }, { actor }) => core.accounts.unlock(email, actor),
    'admin.expirePassword': ({ email }, { actor }) => core.accounts.expirePassword(email, actor),
    'admin.delete': ({ email }, { actor }) => {
      core.accounts.remove(email, actor);
      return null;
    },
    'admin.rename': ({ email, displayName }, { actor }) => core.accounts.rename(email, displayName, actor),
    'admin.setRole': ({ email, isAdmin }, { actor }) => core.accounts.setRole(email, isAdmin, actor),
    'admin.setTemporaryPassword': ({ email, password }, { actor }) => core.accounts.setTemporaryPassword(email, password, actor),
    'admin.resetSecondFactors': ({ email }, { actor }) => core.accounts.resetSecondFactors(email, actor),
    'admin.setRequireMfa': ({ email, required }, { actor }) => core.accounts.setRequireMfa(email, required, actor),
    'admin.createEmergencyKit': async (_request, { actor }) => {
      const { recoveryKey, storeId, pending } = await custody.createKit();
      // In force now (the first kit), or once kept (admin.keepEmergencyKit): recorded then.
      if (!pending) core.audit.recordKeyCustody('emergency_kit.create', actor);
      return { recoveryKey, storeId, computer: custody.computer, madeAt: clock.now(), pending };
    },
    'admin.keepEmergencyKit': async (_request, { actor }) => {
      await custody.keepKit();
      core.audit.recordKeyCustody('emergency_kit.create', actor, 'kept: the earlier kit no longer opens the store');
      return null;
    },
    'admin.backups': () => custody.backups(),
    'admin.setBackupFolder': async (settings, { actor }) => {
      const view = await custody.setBackupFolder(settings);
      core.audit.recordKeyCustody('backup.settings', actor, `${view.folder ?? ''}; keep ${view.keep}${view.daily ? '; daily' : ''}`);
      return view;
    },
    'admin.backupNow': async (_request, { actor }) => {
      const made = await custody.backupNow();
      core.audit.recordKeyCustody('backup.create', actor, made.file);
      return made;
    },
    'admin.rotateStoreKey': async (_request, { actor }) => {
      const { kitUpdated } = await custody.rotateKey();
      core.audit.recordKeyCustody('store.rotate_key', actor, kitUpdated ? 'the emergency kit holds the new key' : 'no emergency kit to update');
      return { kitUpdated, rotatedAt: clock.now() };
    },
    'admin.audit': ({ email, action, outcome, since, until, before, limit }) => {
      const page = core.audit.page({ emailContains: email, action, outcome, since, until, beforeId: before, limit: limit ?? 100 });
      return { entries: page.entries.map(presentAuditEntry), more: page.more };
    },
    'admin.providers': () => core.providers.list(),
    'admin.addProvider': ({ clientSecret, scopes, emailClaim, ...rest }, { actor }) =>
      core.providers.add(
        {
          ...rest,
          // An empty optional field means "not given", as the CLI's absent option does.
          ...(clientSecret ? { clientSecret } : {}),
          ...(scopes?.trim() ? { scopes } : {}),
          ...(emailClaim?.trim() ? { emailClaim } : {}),
        },
        actor,
      ),
    'admin.testProvider': async ({ name }, { actor }) => core.providers.test(name, actor),
    'admin.removeProvider': ({ name, unlinkAll }, { actor }) => {
      core.providers.remove(name, { unlinkAll }, actor);
      return core.providers.list();
    },
    'admin.delivery': () => core.delivery.view(),
    'admin.setSmtp': (settings, { actor }) => core.delivery.setSmtp(settings, actor),
    'admin.setSms': (settings, { actor }) => core.delivery.setSms(settings, actor),
    'admin.testDelivery': ({ to }, { actor }) => core.delivery.test(to, actor),
    'admin.getPolicy': () => core.policy.current(),
    'admin.updatePolicy': (change, { actor }) => core.policy.update(change, actor),
  };
}
