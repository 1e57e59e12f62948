import type { SignInResult } from '../../../shared/index.js';
import { ErrorMessage } from '../../ui/Feedback.js';
import { useAction } from '../../ui/useAction.js';
import { passkeyAsSecondFactor, PasskeyCancelled } from '../factors/passkeys.js';

/** "Use a passkey" as the second step of a sign-in or of an unlock: a passkey of that account only. */
export function PasskeyStep({ flowId, onResult }: { flowId: string; onResult: (result: SignInResult) => void }) {
  const { busy, error, setError, run } = useAction();
  const tryPasskey = () =>
    run(async () => {
      const result = await passkeyAsSecondFactor(flowId).catch((e: unknown) => {
        if (e instanceof PasskeyCancelled) return null;
        throw e;
      });
      if (!result) setError('The passkey check was cancelled or could not verify you. Try again, or use a code.');
      else if (result.kind === 'failed') setError('That passkey was not accepted.');
      else onResult(result);
    });
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <button type="button" className="secondary" disabled={busy} onClick={() => void tryPasskey()}>
        Use a passkey
      </button>
    </>
  );
}
