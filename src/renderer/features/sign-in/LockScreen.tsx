import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { SecondFactorForm, useSignInSecondStep } from '../factors/SecondFactorForm.js';
import type { ReauthOptions, SecondFactorMethod, SignInResult } from '../../../shared/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { BrowserWait, useBrowserWait } from './BrowserWait.js';
import { useAction } from '../../ui/useAction.js';
import { SignInRefusal } from './SignInFeedback.js';
import { Screen } from '../../ui/Screen.js';
import { PasskeyStep } from './PasskeyStep.js';
import { PasskeyCancelled, unlockWithPasskey } from '../factors/passkeys.js';

/**
 * Locked after idling or an OS screen lock: whose session it is, and a re-authentication with
 * the account's password, or a fresh login at a provider linked to it.
 */
export function LockScreen({ onResult }: { onResult: (r: SignInResult) => void }) {
  const { session, signOut } = useSession();
  const onSignOut = () => void signOut();
  const [password, setPassword] = useState('');
  const [options, setOptions] = useState<ReauthOptions>({ password: true, providers: [], passkey: false, secondFactors: [] });
  const { waiting, through } = useBrowserWait();
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    call(gatehouse().session.reauthOptions({})).then(setOptions, () => undefined);
  }, []);
  const [refusal, setRefusal] = useState<SignInResult | null>(null);
  const [submits, setSubmits] = useState(0);
  const clearRefusal = useCallback(() => setRefusal(null), []);
  const [secondStep, setSecondStep] = useState<Extract<SignInResult, { kind: 'second_factor_required' }> | null>(null);

  if (secondStep) {
    return (
      <Screen labelledBy="locked-title" step="second">
        <h1 id="locked-title">Gatehouse is locked</h1>
        <p>
          Locked · <strong>{session.email}</strong>
        </p>
        <SecondFactorUnlock flowId={secondStep.flowId} methods={secondStep.methods} onResult={onResult} />
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </Screen>
    );
  }

  const answer = (result: SignInResult) => {
    if (result.kind === 'second_factor_required') return setSecondStep(result);
    if (result.kind !== 'failed' && result.kind !== 'locked' && result.kind !== 'disabled') return onResult(result);
    setRefusal(result);
    setPassword('');
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    await run(async () => answer(await call(gatehouse().session.unlock({ password }))));
  }

  const withPasskey = () =>
    run(async () => {
      const result = await unlockWithPasskey().catch((e: unknown) => {
        if (e instanceof PasskeyCancelled) return null;
        throw e;
      });
      if (!result) setError('The passkey check was cancelled or could not verify you. Try again, or use your password.');
      else if (result.kind === 'failed') setError('That passkey was not accepted. Use a passkey of this account.');
      else answer(result);
    });

  const withProvider = (name: string) =>
    run(async () => {
      const result = await through(
        name,
        () => call(gatehouse().session.unlockWithProviderBegin({ name })),
        (flowId) => call(gatehouse().session.unlockWithProviderFinish({ flowId })),
      );
      if (result !== undefined) answer(result);
    });

  if (waiting) {
    return (
      <Screen labelledBy="locked-title" step="wait" focus="heading">
        <h1 id="locked-title">Gatehouse is locked</h1>
        <section className="provider-wait" aria-live="polite">
          <BrowserWait flowId={waiting.flowId} onError={(e) => setError(errorMessage(e))}>
            <h2>Continue in your browser</h2>
            <p>
              Sign in again at <strong>{waiting.name}</strong> as {session.email}, in the browser window that opened. Gatehouse unlocks by itself when you are done.
            </p>
          </BrowserWait>
        </section>
      </Screen>
    );
  }

  return (
    <Screen labelledBy="locked-title" step="unlock">
      <h1 id="locked-title">Gatehouse is locked</h1>
      <p>
        Locked · <strong>{session.email}</strong>
      </p>
      <SignInRefusal result={refusal} onRetryAllowed={clearRefusal} />
      <ErrorMessage>{error}</ErrorMessage>
      {options.password && (
        <form onSubmit={submit} noValidate>
          <input type="email" name="email" autoComplete="username" value={session.email} readOnly hidden />
          <PasswordInput label="Password" name="password" autoComplete="current-password" value={password} onChange={setPassword} hideSignal={submits} />
          <div className="actions">
            <SubmitButton busy={busy} busyLabel="Unlocking…" disabled={refusal?.kind === 'locked'}>
              Unlock
            </SubmitButton>
          </div>
        </form>
      )}
      {options.passkey && (
        <button type="button" className={options.password ? 'secondary wide' : 'primary wide'} disabled={busy || refusal?.kind === 'locked'} onClick={() => void withPasskey()}>
          Unlock with a passkey
        </button>
      )}
      {options.providers.map((name) => (
        <button
          key={name}
          type="button"
          className={options.password ? 'secondary wide' : 'primary wide'}
          disabled={busy || refusal?.kind === 'locked'}
          onClick={() => void withProvider(name)}
        >
          Unlock with {name}
        </button>
      ))}
      {/* One way out: signing out is also how another person uses this computer. */}
      <p className="hint">Someone else? Sign out, and they can sign in.</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </Screen>
  );
}

function SecondFactorUnlock({ flowId, methods, onResult }: { flowId: string; methods: SecondFactorMethod[]; onResult: (r: SignInResult) => void }) {
  const step = useSignInSecondStep(flowId, onResult);
  return (
    <>
      <SecondFactorForm methods={methods} submitLabel="Unlock" submit={step.submit} onSuccess={step.onSuccess} sendText={step.sendText} />
      {methods.includes('passkey') && <PasskeyStep flowId={flowId} onResult={onResult} />}
    </>
  );
}
