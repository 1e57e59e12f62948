import { useCallback, useState } from 'react';
import { errorMessage } from '../gatehouse.js';

/**
 * The life of a button that asks main for something: busy while it runs (a password may be
 * hashing), and the user-safe message of whatever went wrong.
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
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
