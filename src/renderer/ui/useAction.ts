import { useCallback, useState } from 'react';
import { errorMessage, StepUpCancelled } from '../gatehouse.js';

/**
 * The life of a form or button that asks main for something: busy while it runs (a password
 * may be hashing), and the user-safe message of whatever went wrong. A step-up the user
 * cancelled is no error: they chose not to go on.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      if (!(e instanceof StepUpCancelled)) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
