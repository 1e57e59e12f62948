import { useCallback, useState, type FormEvent } from 'react';
import { SecondFactorForm, useSignInSecondStep } from '../factors/SecondFactorForm.js';
import type { SecondFactorMethod, SignInResult } from '../../../shared/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { SignInRefusal } from './SignInFeedback.js';

/** Locked after idling or an OS screen lock: whose session it is, and a re-authentication. */
export function LockScreen({ onResult }: { onResult: (r: SignInResult) => void }) {
  const { session, signOut } = useSession();
  const onSignOut = () => void signOut();
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const [refusal, setRefusal] = useState<SignInResult | null>(null);
  const [submits, setSubmits] = useState(0);
  const clearRefusal = useCallback(() => setRefusal(null), []);
  const [secondStep, setSecondStep] = useState<Extract<SignInResult, { kind: 'second_factor_required' }> | null>(null);

  if (secondStep) {
    return (
      <main className="card narrow" aria-labelledby="locked-title">
        <h1 id="locked-title">Gatehouse is locked</h1>
        <p>
          Locked · <strong>{session.email}</strong>
        </p>
        <SecondFactorUnlock flowId={secondStep.flowId} methods={secondStep.methods} onResult={onResult} />
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </main>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    await run(async () => {
      const result = await call(gatehouse().session.unlock({ password }));
      if (result.kind === 'second_factor_required') return setSecondStep(result);
      if (result.kind !== 'failed' && result.kind !== 'locked' && result.kind !== 'disabled') return onResult(result);
      setRefusal(result);
      setPassword('');
    });
  }

  return (
    <main className="card narrow" aria-labelledby="locked-title">
      <h1 id="locked-title">Gatehouse is locked</h1>
      <p>
        Locked · <strong>{session.email}</strong>
      </p>
      <SignInRefusal result={refusal} onRetryAllowed={clearRefusal} />
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <input type="email" name="email" autoComplete="username" value={session.email} readOnly hidden />
        <PasswordInput label="Password" name="password" autoComplete="current-password" value={password} onChange={setPassword} hideSignal={submits} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Unlocking…" disabled={refusal?.kind === 'locked'}>
            Unlock
          </SubmitButton>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
          <button type="button" className="link" onClick={onSignOut}>
            Switch account
          </button>
        </div>
      </form>
    </main>
  );
}

function SecondFactorUnlock({ flowId, methods, onResult }: { flowId: string; methods: SecondFactorMethod[]; onResult: (r: SignInResult) => void }) {
  const step = useSignInSecondStep(flowId, onResult);
  return <SecondFactorForm methods={methods} submitLabel="Unlock" submit={step.submit} onSuccess={step.onSuccess} />;
}
