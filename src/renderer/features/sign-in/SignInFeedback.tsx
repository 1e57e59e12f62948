import type { SignInResult } from '../../../shared/index.js';
import { Countdown, ErrorMessage } from '../../ui/Feedback.js';

/** What a refused sign-in says. Never which of email or password was wrong. */
export function SignInRefusal({ result, onRetryAllowed }: { result: SignInResult | null; onRetryAllowed: () => void }) {
  if (!result) return null;
  switch (result.kind) {
    case 'failed':
      return <ErrorMessage>Incorrect email or password.</ErrorMessage>;
    case 'disabled':
      return <ErrorMessage>This account is disabled. Ask an administrator to enable it.</ErrorMessage>;
    case 'locked':
      return result.retryAfterMs === undefined ? (
        <ErrorMessage>This account is locked after too many failed attempts. Ask an administrator to unlock it.</ErrorMessage>
      ) : (
        <ErrorMessage>
          Too many failed attempts. You can try again in <Countdown forMs={result.retryAfterMs} onDone={onRetryAllowed} />.
        </ErrorMessage>
      );
    default:
      return null;
  }
}
