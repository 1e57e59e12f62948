import { useCallback, useState, type ReactNode } from 'react';
import { ApiError, call, gatehouse } from '../../gatehouse.js';

/** A provider wait the person cancelled: their own choice, so nothing is said about it. */
export function wasCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'flow_expired' && error.message.startsWith('Cancelled');
}

/**
 * While a provider's page is open in the system browser (to sign in, or to link it): what to do
 * there, and the two ways out, opening the page again and cancelling.
 */
export function BrowserWait({ flowId, children, onError }: { flowId: string; children: ReactNode; onError: (error: unknown) => void }) {
  return (
    <>
      {children}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void call(gatehouse().auth.providerReopen({ flowId })).catch(onError)}>
          Open the page again
        </button>
        <button type="button" className="link" onClick={() => void call(gatehouse().auth.providerCancel({ flowId })).catch(() => undefined)}>
          Cancel
        </button>
      </div>
    </>
  );
}

/**
 * A wait in the system browser, from its start to its end: `through(name, begin, finish)` starts
 * it, shows `waiting` while the browser is out, and ends it. A cancel is the person's own choice:
 * it ends with nothing to say (`undefined`); anything else is thrown on.
 */
export function useBrowserWait() {
  const [waiting, setWaiting] = useState<{ flowId: string; name: string } | null>(null);
  const through = useCallback(async <T,>(name: string, begin: () => Promise<{ flowId: string }>, finish: (flowId: string) => Promise<T>): Promise<T | undefined> => {
    const { flowId } = await begin();
    setWaiting({ flowId, name });
    try {
      return await finish(flowId);
    } catch (e) {
      if (wasCancelled(e)) return undefined;
      throw e;
    } finally {
      setWaiting(null);
    }
  }, []);
  return { waiting, through };
}
