import { useCallback, useState, type FormEvent } from 'react';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { useAction } from '../../ui/useAction.js';
import { Modal } from '../../ui/Modal.js';
import { ApiError, call, gatehouse, StepUpCancelled } from '../../gatehouse.js';
import { SecondFactorForm } from './SecondFactorForm.js';

/**
 * Sensitive actions may answer `step_up_required` (a fresh second factor) or `reauth_required`
 * (the password again, for an account without a second factor). `guard(action)` runs the
 * action; if main asks, it asks the user in place, then runs the action again.
 */
export function useStepUp() {
  const [pending, setPending] = useState<{ ask: 'code' | 'password'; retry: () => Promise<void>; fail: (e: unknown) => void } | null>(null);

  const guard = useCallback(<T,>(action: () => Promise<T>): Promise<T> => {
    return action().catch(
      (error: unknown) =>
        new Promise<T>((resolve, reject) => {
          if (!(error instanceof ApiError) || (error.code !== 'step_up_required' && error.code !== 'reauth_required')) return reject(error);
          setPending({
            ask: error.code === 'step_up_required' ? 'code' : 'password',
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
    <ConfirmPasswordDialog onVerified={pending.retry} onCancel={cancel} />
  );
  return { guard, dialog };
}

function StepUpDialog({ onVerified, onCancel }: { onVerified: () => void; onCancel: () => void }) {
  return (
    <Modal labelledBy="step-up-title" onCancel={onCancel}>
      <h2 id="step-up-title">Verification required</h2>
      <p>Enter a code from your authenticator app to continue.</p>
      <SecondFactorForm
        methods={['totp', 'recovery_code']}
        submitLabel="Verify and continue"
        submit={(kind, code) => gatehouse().session.stepUp({ kind, code })}
        onSuccess={onVerified}
      >
        {null}
      </SecondFactorForm>
      <button type="button" className="link" onClick={onCancel}>
        Cancel
      </button>
    </Modal>
  );
}

function ConfirmPasswordDialog({ onVerified, onCancel }: { onVerified: () => void; onCancel: () => void }) {
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
    <Modal labelledBy="confirm-password-title" onCancel={onCancel}>
      <h2 id="confirm-password-title">Confirm it's you</h2>
      <p>Enter your password to continue.</p>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={setPassword} error={refused} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Checking…">
            Continue
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
