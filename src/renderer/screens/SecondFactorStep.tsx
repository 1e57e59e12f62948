import { useState } from 'react';
import { ErrorMessage } from '../components/Feedback.js';
import { errorMessage } from '../gatehouse.js';
import { passkeyAsSecondFactor, PasskeyCancelled } from '../passkeys.js';
import type { SecondFactorMethod, SignInResult } from '../../shared/index.js';
import { SecondFactorForm, useSignInSecondStep } from '../components/SecondFactorForm.js';

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
  const [error, setError] = useState<string | null>(null);
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
      <SecondFactorForm methods={methods} submitLabel="Verify" submit={step.submit} onSuccess={step.onSuccess} />
      {methods.includes('passkey') && (
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            setError(null);
            try {
              const result = await passkeyAsSecondFactor(flowId);
              if (result.kind === 'failed') setError('That passkey was not accepted.');
              else onResult(result);
            } catch (e) {
              setError(e instanceof PasskeyCancelled ? 'Passkey check was cancelled or could not verify you. Try again.' : errorMessage(e));
            }
          }}
        >
          Use a passkey
        </button>
      )}
    </main>
  );
}
