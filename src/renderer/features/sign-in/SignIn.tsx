import { lazy, Suspense, useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CodeChannels, SignInResult } from '../../../shared/index.js';
import { TEXT_LIMITS } from '../../../shared/input-problems.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { PasswordInput } from '../../ui/PasswordInput.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { SignInRefusal } from './SignInFeedback.js';

// What the form does not need to be there: fetched after it (the providers' buttons, the code
// sign-in) or when used (WebAuthn's library, at a passkey sign-in).
const ProviderSignIn = lazy(() => import('./ProviderSignIn.js').then((m) => ({ default: m.ProviderSignIn })));
const CodeSignIn = lazy(() => import('./CodeSignIn.js').then((m) => ({ default: m.CodeSignIn })));
import { Screen } from '../../ui/Screen.js';

const FIELDS = ['email', 'password'];

export function SignIn({ onResult, interrupted = false }: { onResult: (result: SignInResult, email: string) => void; interrupted?: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, fieldError, run } = useAction(FIELDS);
  const [refusal, setRefusal] = useState<SignInResult | null>(null);
  const [submits, setSubmits] = useState(0);
  /** Signing in at a provider in the browser: the form waits, put away. */
  const [waiting, setWaiting] = useState(false);
  const [codes, setCodes] = useState<CodeChannels>({ email: false, sms: false });
  const [byCode, setByCode] = useState<'email' | 'sms' | null>(null);
  /**
   * The form is drawn first, alone: the providers' buttons come in the render after it (their
   * chunk is asked for then). Asking for a lazy chunk while the form renders cost the form 7 ms
   * (bench/suites/renderer.ts): the import and its preload links are made during that render.
   */
  const [formShown, setFormShown] = useState(false);
  useEffect(() => {
    const next = setTimeout(() => setFormShown(true));
    call(gatehouse().auth.codeChannels({})).then(setCodes, () => undefined);
    return () => clearTimeout(next);
  }, []);
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const clearRefusal = useCallback(() => setRefusal(null), []);

  /** A passkey signs in on its own: no email, no password (discoverable credentials). */
  const passkey = () =>
    run(async () => {
      const { PasskeyCancelled, signInWithPasskey } = await import('../factors/passkeys.js');
      const result = await signInWithPasskey().catch((e: unknown) => {
        if (e instanceof PasskeyCancelled) return null;
        throw e;
      });
      if (!result) return setError('Passkey sign-in was cancelled or could not verify you. Try again, or sign in with your password.');
      if (result.kind !== 'failed' && result.kind !== 'locked' && result.kind !== 'disabled') return onResult(result, '');
      if (result.kind === 'failed') setError('That passkey was not accepted. It may have been removed from your account.');
      else setRefusal(result);
    });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const absent = { ...(email.trim() ? {} : { email: 'Enter your email address' }), ...(password ? {} : { password: 'Enter your password' }) };
    setMissing(absent);
    if (absent.email || absent.password) return;
    setSubmits((n) => n + 1);
    await run(async () => {
      const result = await call(gatehouse().auth.signIn({ email, password }));
      if (result.kind !== 'failed' && result.kind !== 'locked' && result.kind !== 'disabled') return onResult(result, email.trim());
      setRefusal(result);
      setPassword('');
    });
  }

  // A block is per account: typing another email address clears it.
  const blocked = refusal?.kind === 'locked';
  if (byCode)
    return (
      <Suspense fallback={null}>
        <CodeSignIn channel={byCode} initialEmail={email.trim()} onResult={onResult} onBack={() => setByCode(null)} />
      </Suspense>
    );
  return (
    <Screen labelledBy="sign-in-title">
      <h1 id="sign-in-title">Sign in to Gatehouse</h1>
      {interrupted && !refusal && !error && (
        <Notice>Gatehouse was reloaded in the middle of signing in. For your safety a sign-in starts again after a reload: sign in once more.</Notice>
      )}
      <SignInRefusal result={refusal} onRetryAllowed={clearRefusal} />
      <ErrorMessage>{error}</ErrorMessage>
      {!waiting && (
        <>
          <form onSubmit={submit} noValidate>
            <Field
              label="Email address"
              type="email"
              name="email"
              autoComplete="username webauthn"
              spellCheck={false}
              autoCapitalize="none"
              required
              value={email}
              onChange={(e) => (setEmail(e.target.value), setRefusal(null))}
              maxLength={TEXT_LIMITS.email}
              error={missing.email ?? fieldError('email')}
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={setPassword}
              hideSignal={submits}
              error={missing.password ?? fieldError('password')}
            />
            <SubmitButton busy={busy} busyLabel="Signing in…" disabled={blocked}>
              Sign in
            </SubmitButton>
            <p className="hint forgot">Forgot your password? Ask an administrator of this computer to set a temporary one.</p>
          </form>
          <div className="divider" role="separator">
            <span>or</span>
          </div>
          <button type="button" className="secondary wide" onClick={() => void passkey()} disabled={busy}>
            Sign in with a passkey
          </button>
          {codes.email && (
            <button type="button" className="secondary wide" onClick={() => setByCode('email')} disabled={busy}>
              Email me a code
            </button>
          )}
          {codes.sms && (
            <button type="button" className="secondary wide" onClick={() => setByCode('sms')} disabled={busy}>
              Text me a code
            </button>
          )}
        </>
      )}
      {formShown && (
        <Suspense fallback={null}>
          <ProviderSignIn onResult={(result) => onResult(result, '')} onRefusal={setRefusal} onWaiting={setWaiting} disabled={busy} />
        </Suspense>
      )}
    </Screen>
  );
}
