import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ReauthOptions, SecondFactorMethod } from '../../../shared/index.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { useAction } from '../../ui/useAction.js';
import { Modal } from '../../ui/Modal.js';
import { ApiError, call, errorMessage, gatehouse, StepUpCancelled } from '../../gatehouse.js';
import { BrowserWait, useBrowserWait } from '../sign-in/BrowserWait.js';
import { SecondFactorForm } from './SecondFactorForm.js';
import { PasskeyCancelled, stepUpWithPasskey } from './passkeys.js';

/**
 * Sensitive actions may answer `step_up_required` (a fresh second factor) or `reauth_required`
 * (for an account without a second factor: the password again, or a fresh login at a linked provider). `guard(action)` runs the
 * action; if main asks, it asks the user in place, then runs the action again.
 */
export function useStepUp() {
  const [pending, setPending] = useState<{ ask: 'code' | 'reauth'; retry: () => Promise<void>; fail: (e: unknown) => void } | null>(null);

  const guard = useCallback(<T,>(action: () => Promise<T>): Promise<T> => {
    return action().catch(
      (error: unknown) =>
        new Promise<T>((resolve, reject) => {
          if (!(error instanceof ApiError) || (error.code !== 'step_up_required' && error.code !== 'reauth_required')) return reject(error);
          setPending({
            ask: error.code === 'step_up_required' ? 'code' : 'reauth',
            retry: async () => {
              setPending(null);
              action().then(resolve, reject);
            },
            fail: (e) => {
              setPending(null);
              reject(e);
            },
          });
        }),
    );
  }, []);

  const cancel = () => pending?.fail(new StepUpCancelled());
  const dialog = !pending ? null : pending.ask === 'code' ? (
    <StepUpDialog onVerified={pending.retry} onCancel={cancel} />
  ) : (
    <ConfirmItsYouDialog onVerified={pending.retry} onCancel={cancel} />
  );
  return { guard, dialog };
}

/** A fresh second factor: every one the account holds, the strongest (a passkey) first. */
function StepUpDialog({ onVerified, onCancel }: { onVerified: () => void; onCancel: () => void }) {
  const [methods, setMethods] = useState<SecondFactorMethod[] | null>(null);
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    call(gatehouse().session.reauthOptions({})).then(
      (options) => setMethods(options.secondFactors),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [setError]);
  const withPasskey = () =>
    run(async () => {
      const answer = await stepUpWithPasskey().catch((e: unknown) => {
        if (e instanceof PasskeyCancelled) return null;
        throw e;
      });
      if (answer === null) setError('The passkey check was cancelled. Try again, or use a code.');
      else if (answer.kind === 'success') onVerified();
      else if (answer.kind === 'failed') setError('That passkey was not accepted. Use a passkey of this account.');
      else setError('Too many failed attempts. Try again in a few minutes.');
    });
  const codes = methods?.filter((m) => m !== 'passkey') ?? [];
  return (
    <Modal labelledBy="step-up-title" onCancel={onCancel}>
      <h2 id="step-up-title">Verification required</h2>
      <ErrorMessage>{error}</ErrorMessage>
      {methods?.includes('passkey') && (
        <>
          <p>Confirm with one of your passkeys to continue.</p>
          <button type="button" className="primary wide" disabled={busy} onClick={() => void withPasskey()}>
            Use a passkey
          </button>
          {codes.length > 0 && <p className="hint">Or enter a code:</p>}
        </>
      )}
      {methods && codes.length > 0 && (
        <>
          {!methods.includes('passkey') && (
            <p>{codes.includes('totp') ? 'Enter a code from your authenticator app to continue.' : 'Enter one of your recovery codes to continue.'}</p>
          )}
          <SecondFactorForm methods={codes} submitLabel="Verify and continue" submit={(kind, code) => gatehouse().session.stepUp({ kind, code })} onSuccess={onVerified}>
            {null}
          </SecondFactorForm>
        </>
      )}
      <button type="button" className="link" onClick={onCancel}>
        Cancel
      </button>
    </Modal>
  );
}

/** "Confirm it's you": the password, or a fresh login at a provider linked to the account, whichever it has. */
function ConfirmItsYouDialog({ onVerified, onCancel }: { onVerified: () => void; onCancel: () => void }) {
  const [options, setOptions] = useState<ReauthOptions | null>(null);
  const { waiting, through } = useBrowserWait();
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    call(gatehouse().session.reauthOptions({})).then(setOptions, (e: unknown) => setError(errorMessage(e)));
  }, [setError]);

  const withProvider = (name: string) =>
    run(async () => {
      const answer = await through(
        name,
        () => call(gatehouse().session.reauthProviderBegin({ name })),
        (flowId) => call(gatehouse().session.reauthProviderFinish({ flowId })),
      );
      if (answer?.kind === 'success') onVerified();
    });
  // Closing the dialog while the browser is open ends that wait too.
  const cancel = () => {
    if (waiting) void call(gatehouse().auth.providerCancel({ flowId: waiting.flowId })).catch(() => undefined);
    onCancel();
  };

  return (
    <Modal labelledBy="confirm-title" onCancel={cancel}>
      <h2 id="confirm-title">Confirm it's you</h2>
      <ErrorMessage>{error}</ErrorMessage>
      {waiting ? (
        <div className="provider-wait" aria-live="polite">
          <BrowserWait flowId={waiting.flowId} onError={(e) => setError(errorMessage(e))}>
            <p>
              Sign in again at <strong>{waiting.name}</strong> in the browser window that opened. Gatehouse goes on by itself when you are done.
            </p>
          </BrowserWait>
        </div>
      ) : (
        options && (
          <>
            {options.password && <PasswordConfirmation onVerified={onVerified} />}
            {options.providers.length > 0 && <p>{options.password ? 'Or sign in again at your provider:' : 'Sign in again at your provider to continue.'}</p>}
            {options.providers.map((name) => (
              <button key={name} type="button" className={options.password ? 'secondary wide' : 'primary wide'} disabled={busy} onClick={() => void withProvider(name)}>
                Continue with {name}
              </button>
            ))}
            {!options.password && options.providers.length === 0 && (
              <p>This account has no password or provider to confirm with. Sign out, sign in again, and do this within 5 minutes.</p>
            )}
            <button type="button" className="link" onClick={cancel}>
              Cancel
            </button>
          </>
        )
      )}
    </Modal>
  );
}

function PasswordConfirmation({ onVerified }: { onVerified: () => void }) {
  const [password, setPassword] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const answer = await call(gatehouse().session.confirmPassword({ password }));
      if (answer.kind === 'success') return onVerified();
      setPassword('');
      setRefused(answer.kind === 'failed' ? 'That password is not right' : 'Too many failed attempts. Try again in a few minutes.');
    });
  }
  return (
    <>
      <p>Enter your password to continue.</p>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={setPassword} error={refused} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Checking…">
            Continue
          </SubmitButton>
        </div>
      </form>
    </>
  );
}
