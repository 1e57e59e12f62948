import { useState, type FormEvent } from 'react';
import { call, gatehouse } from '../../gatehouse.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { ConfirmPassword, NewPassword } from '../../ui/NewPassword.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';

const FIELDS = ['newPassword'];

/** A first password, for an account that signs in without one: another way in, set in main's rules. */
export function SetPasswordForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [submits, setSubmits] = useState(0);
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    await run(async () => {
      await guard(() => call(gatehouse().account.setPassword({ newPassword: next })));
      onDone();
    });
  }

  return (
    <>
      {dialog}
      <form onSubmit={submit} noValidate aria-label="Set a password">
        <ErrorMessage>{error}</ErrorMessage>
        <NewPassword label="Password" value={next} onChange={setNext} hideSignal={submits} error={fieldError('newPassword')} />
        <ConfirmPassword label="Confirm password" value={confirm} onChange={setConfirm} mismatch={mismatch} hideSignal={submits} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Setting password…">
            Set password
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}
