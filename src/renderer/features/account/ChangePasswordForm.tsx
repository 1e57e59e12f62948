import { useCallback, useState, type FormEvent } from 'react';
import { ErrorMessage, SubmitButton, Countdown } from '../../ui/Feedback.js';
import { ConfirmPassword, NewPassword } from '../../ui/NewPassword.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';

const FIELDS = ['currentPassword', 'newPassword'];

export function ChangePasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, setError, fieldError, run } = useAction(FIELDS);
  const [currentError, setCurrentError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [submits, setSubmits] = useState(0);
  const unlock = useCallback(() => setLockedUntil(null), []);
  const { guard, dialog } = useStepUp();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    setCurrentError(null);
    await run(async () => {
      const outcome = await guard(() => call(gatehouse().account.changePassword({ currentPassword: current, newPassword: next })));
      if (outcome.kind === 'success') return onDone();
      setCurrent('');
      if (outcome.kind === 'failed') setCurrentError('Your current password is not correct');
      else if (outcome.retryAfterMs !== undefined) setLockedUntil(Date.now() + outcome.retryAfterMs);
      else setError('Your account is locked after too many failed attempts. Ask an administrator to unlock it.');
    });
  }

  return (
    <>
      {dialog}
      <form onSubmit={submit} noValidate aria-label="Change password">
        <ErrorMessage>{error}</ErrorMessage>
        {lockedUntil !== null && (
          <ErrorMessage>
            Too many wrong passwords. You can try again in <Countdown until={lockedUntil} onDone={unlock} />.
          </ErrorMessage>
        )}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={currentError ?? fieldError('currentPassword')}
          hideSignal={submits}
        />
        <NewPassword value={next} onChange={setNext} hideSignal={submits} error={fieldError('newPassword')} />
        <ConfirmPassword value={confirm} onChange={setConfirm} mismatch={mismatch} hideSignal={submits} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Changing password…" disabled={lockedUntil !== null}>
            Change password
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}
