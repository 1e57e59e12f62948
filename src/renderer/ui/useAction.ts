import { useCallback, useState } from 'react';
import { ApiError, errorMessage, StepUpCancelled } from '../gatehouse.js';
import { announceActionStart, useClearOnOtherAction } from './messages.js';

/** One empty list for every form without fields: `run` stays the same function from render to render. */
const NO_FIELDS: readonly string[] = [];

interface Failure {
  message: string;
  field?: string;
}

/**
 * The life of a form or button that asks main for something: busy while it runs (a password
 * may be hashing), and the user-safe message of whatever went wrong. A step-up the user
 * cancelled is no error: they chose not to go on.
 *
 * `fields` are the request fields the form shows: a refusal main ties to one of them is shown
 * at that field (`fieldError`), not in the form's banner (`error`). Every new run clears both,
 * so that a message always belongs to the last thing the user did.
 */
export function useAction(fields: readonly string[] = NO_FIELDS) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [self] = useState(() => ({}));
  useClearOnOtherAction(() => setFailure(null), self);
  const setError = useCallback((message: string | null) => setFailure(message === null ? null : { message }), []);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setFailure(null);
      announceActionStart(self);
      try {
        await work();
      } catch (e) {
        if (!(e instanceof StepUpCancelled)) {
          // A refused new password is about the form's one new-password field.
          const field = e instanceof ApiError ? (e.field ?? (e.code === 'password_rejected' ? fields.find((f) => f === 'newPassword' || f === 'password') : undefined)) : undefined;
          setFailure({ message: errorMessage(e), ...(field ? { field } : {}) });
        }
      } finally {
        setBusy(false);
      }
    },
    [fields, self],
  );
  const atField = failure?.field !== undefined && fields.includes(failure.field);
  const error = failure && !atField ? failure.message : null;
  const fieldError = (field: string): string | null => (atField && failure?.field === field ? failure.message : null);
  return { busy, error, setError, fieldError, run };
}
