import { useCallback, useState } from 'react';
import { Modal } from './Modal.js';
import { ApiError, gatehouse } from '../gatehouse.js';
import { SecondFactorForm } from './SecondFactorForm.js';

/**
 * Sensitive actions may answer `step_up_required`. `guard(action)` runs the action; if main
 * asks for a fresh second factor, it asks the user in place, then runs the action again.
 */
export function useStepUp() {
  const [pending, setPending] = useState<{ retry: () => Promise<void>; fail: (e: unknown) => void } | null>(null);

  const guard = useCallback(<T,>(action: () => Promise<T>): Promise<T> => {
    return action().catch(
      (error: unknown) =>
        new Promise<T>((resolve, reject) => {
          if (!(error instanceof ApiError) || error.code !== 'step_up_required') return reject(error);
          setPending({
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

  const dialog = pending ? <StepUpDialog onVerified={pending.retry} onCancel={() => pending.fail(new ApiError('step_up_required', 'Cancelled: the change was not made.'))} /> : null;
  return { guard, dialog };
}

function StepUpDialog({ onVerified, onCancel }: { onVerified: () => void; onCancel: () => void }) {
  return (
    <Modal labelledBy="step-up-title" onCancel={onCancel}>
      <h2 id="step-up-title">Verification required</h2>
      <p>Enter a code from your authenticator app to continue.</p>
      <SecondFactorForm methods={['totp', 'recovery_code']} submitLabel="Verify and continue" submit={(kind, code) => gatehouse().session.stepUp({ kind, code })} onSuccess={onVerified}>
        {null}
      </SecondFactorForm>
      <button type="button" className="link" onClick={onCancel}>
        Cancel
      </button>
    </Modal>
  );
}
