import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { presentEnrolment, presentSignIn } from '../presentation.js';
import type { HandlerDeps, NamespaceHandlers } from './handler.js';

/** Sign-in steps: taken by whoever is at the keyboard (anonymous), each naming its flow. */
export function authHandlers({ core, sessions, providerSignIns }: HandlerDeps): NamespaceHandlers<'auth'> {
  return {
    'auth.providers': () => core.providers.list().map((p) => ({ name: p.name, reachable: p.discovery.state === 'unknown' ? null : p.discovery.state === 'ok' })),
    'auth.providerBegin': ({ name }, { actor }) => providerSignIns.start(name, actor),
    'auth.providerFinish': async ({ flowId }, { actor }) => presentSignIn(sessions, await core.signIn.finishProvider(flowId, await providerSignIns.callback(flowId), actor)),
    'auth.providerCancel': ({ flowId }) => {
      providerSignIns.cancel(flowId);
      return null;
    },
    'auth.providerReopen': async ({ flowId }) => {
      await providerSignIns.reopen(flowId);
      return null;
    },
    'auth.signIn': async ({ email, password }) => presentSignIn(sessions, await core.signIn.password(email, password)),
    'auth.secondFactor': async ({ flowId, kind, code }, { actor }) => presentSignIn(sessions, await core.signIn.secondFactor(flowId, { kind, code }, actor)),
    'auth.enrolBegin': async ({ flowId, name }, { actor }) => presentEnrolment(core.signIn.beginEnrolment(flowId, name, actor)),
    'auth.enrolConfirm': async ({ flowId, name, code }, { actor }) => {
      const { outcome, recoveryCodes } = await core.signIn.confirmEnrolment(flowId, name, code, actor);
      return { result: presentSignIn(sessions, outcome), recoveryCodes };
    },
    'auth.completePasswordChange': async ({ flowId, newPassword }, { actor }) => presentSignIn(sessions, await core.signIn.completePasswordChange(flowId, newPassword, actor)),
    'auth.codeChannels': () => core.signIn.codeChannels(),
    'auth.codeRequest': ({ channel, to }, { actor }) => core.signIn.requestCode(channel, to, actor),
    'auth.codeResend': ({ flowId }, { actor }) => core.signIn.resendCode(flowId, actor),
    'auth.codeVerify': async ({ flowId, code }, { actor }) => presentSignIn(sessions, await core.signIn.verifyCode(flowId, code, actor)),
    'auth.passkeyBegin': () => core.signIn.beginPasskey(),
    'auth.passkeyFinish': async ({ flowId, response }, { actor }) =>
      presentSignIn(sessions, await core.signIn.finishPasskey(flowId, response as AuthenticationResponseJSON, actor)),
    'auth.textSecondFactor': ({ flowId }, { actor }) => core.signIn.textSecondFactor(flowId, actor),
    'auth.passkeySecondFactorBegin': ({ flowId }) => core.signIn.beginSecondFactor(flowId, 'passkey'),
    'auth.passkeySecondFactorFinish': async ({ flowId, passkeyFlowId, response }, { actor }) =>
      presentSignIn(sessions, await core.signIn.secondFactor(flowId, { kind: 'passkey', ceremonyId: passkeyFlowId, response: response as AuthenticationResponseJSON }, actor)),
  };
}
