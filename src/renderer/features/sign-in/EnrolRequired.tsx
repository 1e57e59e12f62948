import { useState } from 'react';
import type { SignInResult } from '../../../shared/index.js';
import { RecoveryCodes } from '../factors/RecoveryCodes.js';
import { TotpSetup } from '../factors/TotpSetup.js';
import { ApiError, call, gatehouse } from '../../gatehouse.js';
import { Screen } from '../../ui/Screen.js';

/** Between the password and the app, when the policy requires two-step verification. */
export function EnrolRequired({ flowId, email, onResult, onCancel }: { flowId: string; email: string; onResult: (r: SignInResult) => void; onCancel: () => void }) {
  const [done, setDone] = useState<{ result: SignInResult; recoveryCodes: string[] } | null>(null);
  if (done) {
    return (
      <Screen className="page narrow-page" focus="heading" step="codes" labelledBy="enrol-title">
        <h1 id="enrol-title">Two-step verification is on</h1>
        <RecoveryCodes codes={done.recoveryCodes} email={email} onDone={() => onResult(done.result)} />
      </Screen>
    );
  }
  return (
    <Screen labelledBy="enrol-title">
      <h1 id="enrol-title">Set up two-step verification</h1>
      <p>
        Your organisation requires two-step verification for <strong>{email}</strong>. You will enter a code from an authenticator app each time you sign in.
      </p>
      <TotpSetup
        begin={(name) => gatehouse().auth.enrolBegin({ flowId, name })}
        confirm={async (name, code) => {
          const answer = await call(gatehouse().auth.enrolConfirm({ flowId, name, code }));
          if (answer.result.kind === 'failed' || answer.result.kind === 'locked') throw new ApiError('invalid_input', "That code didn't work.");
          setDone(answer);
        }}
        onCancel={onCancel}
      />
    </Screen>
  );
}
