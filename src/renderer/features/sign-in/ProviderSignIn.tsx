import { useEffect, useState } from 'react';
import type { ProviderButton, SignInResult } from '../../../shared/index.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { BrowserWait, useBrowserWait } from './BrowserWait.js';
import { ErrorMessage } from '../../ui/Feedback.js';
import { useAction } from '../../ui/useAction.js';

interface ProviderSignInProps {
  /** A result to act on (the app, a second step); refusals are said here or by the sign-in form. */
  onResult: (result: SignInResult) => void;
  onRefusal: (result: SignInResult) => void;
  /** Told when the wait for the browser starts and ends, so the screen shows only that meanwhile. */
  onWaiting: (waiting: boolean) => void;
  disabled: boolean;
}

/**
 * "Continue with …" for each configured provider. The sign-in happens in the system browser;
 * meanwhile this says so, and offers to open the page again or to cancel.
 */
export function ProviderSignIn({ onResult, onRefusal, onWaiting, disabled }: ProviderSignInProps) {
  const [providers, setProviders] = useState<ProviderButton[]>([]);
  const { waiting, through } = useBrowserWait();
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    call(gatehouse().auth.providers({})).then(setProviders, () => setProviders([]));
  }, []);

  const start = (name: string) =>
    run(async () => {
      try {
        const result = await through(
          name,
          () => call(gatehouse().auth.providerBegin({ name })),
          (flowId) => (onWaiting(true), call(gatehouse().auth.providerFinish({ flowId }))),
        );
        if (result === undefined) return; // cancelled: back to the choices
        if (result.kind === 'failed' || result.kind === 'locked' || result.kind === 'disabled') onRefusal(result);
        else onResult(result);
      } finally {
        onWaiting(false);
      }
    });

  if (waiting) {
    return (
      <section className="provider-wait" aria-labelledby="provider-wait-title" aria-live="polite">
        <BrowserWait flowId={waiting.flowId} onError={(e) => setError(errorMessage(e))}>
          <h2 id="provider-wait-title">Continue in your browser</h2>
          <p>
            Sign in at <strong>{waiting.name}</strong> in the browser window that opened. Gatehouse goes on by itself when you are done.
          </p>
        </BrowserWait>
      </section>
    );
  }
  if (providers.length === 0) return <ErrorMessage>{error}</ErrorMessage>;
  return (
    <>
      <ErrorMessage>{error}</ErrorMessage>
      <ul className="provider-buttons" aria-label="Sign in with a provider">
        {providers.map((p) => (
          <li key={p.name}>
            <button
              type="button"
              className="secondary wide"
              disabled={disabled || busy}
              onClick={() => void start(p.name)}
              aria-describedby={p.reachable === false ? `unreachable-${p.name}` : undefined}
            >
              Continue with {p.name}
            </button>
            {p.reachable === false && (
              <span className="hint" id={`unreachable-${p.name}`}>
                {p.name} could not be reached at the last try.
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
