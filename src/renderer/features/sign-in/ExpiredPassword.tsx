import { useState, type FormEvent } from 'react';
import type { SignInResult } from '../../../shared/index.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { ConfirmPassword, NewPassword } from '../../ui/NewPassword.js';
import { useAction } from '../../ui/useAction.js';
import { call, gatehouse } from '../../gatehouse.js';
import { Screen } from '../../ui/Screen.js';

const FIELDS = ['newPassword'];

/**
 * Reached only from a sign-in whose password was right but must be replaced. It leads nowhere
 * else: the only ways out are a new password or signing in again.
 */
export function ExpiredPassword({
  flowId,
  reason,
  onResult,
  onCancel,
}: {
  flowId: string;
  reason: 'forced' | 'max_age';
  onResult: (r: SignInResult) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const [mismatch, setMismatch] = useState(false);
  const [submits, setSubmits] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    await run(async () => onResult(await call(gatehouse().auth.completePasswordChange({ flowId, newPassword: password }))));
  }

  return (
    <Screen labelledBy="expired-title">
      <h1 id="expired-title">Choose a new password</h1>
      <p>{reason === 'forced' ? 'An administrator asked you to choose a new password before you go on.' : 'Your password has expired. Choose a new one to go on.'}</p>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <NewPassword value={password} onChange={setPassword} hideSignal={submits} error={fieldError('newPassword')} />
        <ConfirmPassword value={confirm} onChange={setConfirm} mismatch={mismatch} hideSignal={submits} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save and continue
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel and sign in again
          </button>
        </div>
      </form>
    </Screen>
  );
}
