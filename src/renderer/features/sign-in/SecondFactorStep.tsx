import { ErrorMessage } from '../../ui/Feedback.js';
import { useAction } from '../../ui/useAction.js';
import { passkeyAsSecondFactor, PasskeyCancelled } from '../factors/passkeys.js';
import type { SecondFactorMethod, SignInResult } from '../../../shared/index.js';
import { SecondFactorForm, useSignInSecondStep } from '../factors/SecondFactorForm.js';

interface SecondFactorStepProps {
  flowId: string;
  email: string;
  methods: SecondFactorMethod[];
  onResult: (result: SignInResult) => void;
  onCancel: () => void;
}

/** The second step of a sign-in. Never asks for the email again (WCAG 3.3.7). */
export function SecondFactorStep({ flowId, email, methods, onResult, onCancel }: SecondFactorStepProps) {
  const step = useSignInSecondStep(flowId, onResult);
  const { busy, error, setError, run } = useAction();
  const tryPasskey = () =>
    run(async () => {
      const result = await passkeyAsSecondFactor(flowId).catch((e: unknown) => {
        if (e instanceof PasskeyCancelled) return null;
        throw e;
      });
      if (!result) setError('Passkey check was cancelled or could not verify you. Try again.');
      else if (result.kind === 'failed') setError('That passkey was not accepted.');
      else onResult(result);
    });
  return (
    <main className="card narrow" aria-labelledby="second-step-title">
      <h1 id="second-step-title">Two-step verification</h1>
      <p>
        Signing in as <strong>{email}</strong> ·{' '}
        <button type="button" className="link inline" onClick={onCancel}>
          Not you?
        </button>
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <SecondFactorForm methods={methods} submitLabel="Verify" submit={step.submit} onSuccess={step.onSuccess} sendText={step.sendText} />
      {methods.includes('passkey') && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void tryPasskey()}>
          Use a passkey
        </button>
      )}
    </main>
  );
}
