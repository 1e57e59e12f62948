import type { ReactNode } from 'react';
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
