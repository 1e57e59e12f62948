import type { Channel, RequestOf, ResponseOf, Result } from './contract.js';

/**
 * The channel names, without the schemas: the preload needs only these, and must stay small.
 * `satisfies` keeps the list and the contract in step at compile time.
 */
export const CHANNELS = [
  'app.status',
  'app.about',
  'app.restoreWithKit',
  'setup.createAdmin',
  'password.check',
  'auth.signIn',
  'auth.completePasswordChange',
  'auth.secondFactor',
  'auth.enrolBegin',
  'auth.enrolConfirm',
  'auth.codeChannels',
  'auth.codeRequest',
  'auth.codeResend',
  'auth.codeVerify',
  'auth.passkeyBegin',
  'auth.passkeyFinish',
  'auth.textSecondFactor',
  'auth.passkeySecondFactorBegin',
  'auth.passkeySecondFactorFinish',
  'auth.providers',
  'auth.providerBegin',
  'auth.providerFinish',
  'auth.providerCancel',
  'auth.providerReopen',
  'session.get',
  'session.stepUp',
  'session.stepUpPasskeyBegin',
  'session.stepUpPasskeyFinish',
  'session.confirmPassword',
  'session.reauthOptions',
  'session.reauthProviderBegin',
  'session.reauthProviderFinish',
  'session.touch',
  'session.lock',
  'session.unlock',
  'session.unlockWithProviderBegin',
  'session.unlockWithProviderFinish',
  'session.unlockWithPasskeyBegin',
  'session.unlockWithPasskeyFinish',
  'session.signOut',
  'account.get',
  'account.contactBegin',
  'account.contactConfirm',
  'account.removePhone',
  'account.rename',
  'account.changePassword',
  'account.setPassword',
  'account.secondFactors',
  'account.totpBegin',
  'account.totpConfirm',
  'account.totpRemove',
  'account.regenerateRecoveryCodes',
  'account.identities',
  'account.linkProviderBegin',
  'account.linkProviderFinish',
  'account.unlinkProvider',
  'account.passkeys',
  'account.passkeyBegin',
  'account.passkeyFinish',
  'account.passkeyRename',
  'account.passkeyRemove',
  'admin.listAccounts',
  'admin.createAccount',
  'admin.disable',
  'admin.enable',
  'admin.unlock',
  'admin.expirePassword',
  'admin.delete',
  'admin.rename',
  'admin.setRole',
  'admin.setTemporaryPassword',
  'admin.resetSecondFactors',
  'admin.setRequireMfa',
  'admin.audit',
  'admin.providers',
  'admin.addProvider',
  'admin.testProvider',
  'admin.removeProvider',
  'admin.delivery',
  'admin.setSmtp',
  'admin.setSms',
  'admin.testDelivery',
  'admin.createEmergencyKit',
  'admin.keepEmergencyKit',
  'admin.backups',
  'admin.setBackupFolder',
  'admin.backupNow',
  'admin.rotateStoreKey',
  'admin.getPolicy',
  'admin.updatePolicy',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
// Fails to compile when a contract channel is missing from CHANNELS.
const _complete: Missing extends never ? true : Missing = true;
void _complete;

/** Electron IPC channel names carry a prefix, so that main can refuse anything else. */
export const IPC_PREFIX = 'gatehouse:';

type Namespace<C extends string> = C extends `${infer N}.${string}` ? N : never;
type MethodsOf<N extends string> = {
  [C in Channel as C extends `${N}.${infer M}` ? M : never]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
};

/** `window.gatehouse`: one method per channel, grouped by namespace (`gatehouse.auth.signIn`). */
export type GatehouseApi = { [N in Namespace<Channel>]: MethodsOf<N> };

export type Invoke = (channel: Channel, request: unknown) => Promise<Result<unknown>>;

/** Builds the API object over a transport; each preload (Electron, HTTP) supplies `invoke`. */
export function createApi(invoke: Invoke): GatehouseApi {
  const api: Record<string, Record<string, (request?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [namespace, method] = channel.split('.') as [string, string];
    (api[namespace] ??= {})[method] = (request: unknown = {}) => invoke(channel, request);
  }
  return api as unknown as GatehouseApi;
}
