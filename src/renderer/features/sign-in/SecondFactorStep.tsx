import { PasskeyStep } from './PasskeyStep.js';
import type { SecondFactorMethod, SignInResult } from '../../../shared/index.js';
import { SecondFactorForm, useSignInSecondStep } from '../factors/SecondFactorForm.js';
import { Screen } from '../../ui/Screen.js';

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
  return (
    <Screen labelledBy="second-step-title">
      <h1 id="second-step-title">Two-step verification</h1>
      <p>
        Signing in as <strong>{email}</strong> ·{' '}
        <button type="button" className="link inline" onClick={onCancel}>
          Not you?
        </button>
      </p>
      <SecondFactorForm methods={methods} submitLabel="Verify" submit={step.submit} onSuccess={step.onSuccess} sendText={step.sendText} />
      {methods.includes('passkey') && <PasskeyStep flowId={flowId} onResult={onResult} />}
    </Screen>
  );
}
