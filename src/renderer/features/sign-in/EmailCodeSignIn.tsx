import { useCallback, useState, type FormEvent } from 'react';
import type { CodeSent, SignInResult } from '../../../shared/index.js';
import { ApiError, call, gatehouse } from '../../gatehouse.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { Countdown, ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { SignInRefusal } from './SignInFeedback.js';

interface EmailCodeSignInProps {
  /** What was typed in the sign-in form's email field: never asked for twice. */
  initialEmail: string;
  onResult: (result: SignInResult, email: string) => void;
  onBack: () => void;
}

/**
 * "Email me a code": the address, then the code from the message. "Didn't get a code?" stays in
 * one place; a new code may be asked for once the wait shown has passed (a working link, never
 * a disabled button). Every limit is main's: this only says what main answered.
 */
export function EmailCodeSignIn({ initialEmail, onResult, onBack }: EmailCodeSignInProps) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<SignInResult | null>(null);
  const [resendAt, setResendAt] = useState(0);
  const [canResend, setCanResend] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const allowResend = useCallback(() => setCanResend(true), []);
  const clearRefusal = useCallback(() => setRefusal(null), []);

  const started = (answer: CodeSent) => {
    setSent(answer);
    setCode('');
    setCodeError(null);
    setCanResend(false);
    setResendAt(Date.now() + answer.resendAfterMs);
  };

  function request(event: FormEvent) {
    event.preventDefault();
    void run(async () => started(await call(gatehouse().auth.codeRequest({ email }))));
  }

  const resend = () =>
    run(async () => {
      setNotice(null);
      started(await call(gatehouse().auth.codeResend({ flowId: sent!.flowId })));
      setNotice('We sent a new code. Only the newest one works.');
    });

  function verify(event: FormEvent) {
    event.preventDefault();
    if (code.trim() === '') return setCodeError('Enter the code from the email');
    void run(async () => {
      setNotice(null);
      try {
        const result = await call(gatehouse().auth.codeVerify({ flowId: sent!.flowId, code }));
        if (result.kind === 'failed') {
          setCode('');
          return setCodeError('That code is not right. Check the newest email from Gatehouse and try again.');
        }
        if (result.kind === 'locked' || result.kind === 'disabled') return setRefusal(result);
        onResult(result, sent!.sentTo);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'code_expired') {
          setCode('');
          setCanResend(true);
          return setCodeError(e.message);
        }
        throw e;
      }
    });
  }

  if (!sent) {
    return (
      <main className="card narrow" aria-labelledby="code-title">
        <h1 id="code-title">Sign in with a code</h1>
        <p>We will email you a 6-digit code. If you have no account yet, signing in makes one.</p>
        <ErrorMessage>{error}</ErrorMessage>
        <form onSubmit={request} noValidate>
          <Field
            label="Email address"
            type="email"
            name="email"
            autoComplete="username"
            spellCheck={false}
            autoCapitalize="none"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <div className="actions">
            <SubmitButton busy={busy} busyLabel="Sending…">
              Email me a code
            </SubmitButton>
            <button type="button" className="link" onClick={onBack}>
              Sign in another way
            </button>
          </div>
        </form>
      </main>
    );
  }

  return (
    <main className="card narrow" aria-labelledby="code-title">
      <h1 id="code-title">Check your email</h1>
      <p>
        We sent a code to <strong>{sent.sentTo}</strong>. It works for {Math.round(sent.expiresInMs / 60_000)} minutes.
      </p>
      <SignInRefusal result={refusal} onRetryAllowed={clearRefusal} />
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      <form onSubmit={verify} noValidate>
        <CodeInput kind="totp" label="Enter the 6-digit code from the email" value={code} onChange={(v) => (setCode(v), setCodeError(null), setError(null))} error={codeError} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Checking…">
            Sign in
          </SubmitButton>
          <button type="button" className="link" onClick={onBack}>
            Sign in another way
          </button>
        </div>
      </form>
      <h2 className="small-heading">Didn't get a code?</h2>
      <p className="hint">
        Check your spam folder.{' '}
        {canResend ? (
          <button type="button" className="link" onClick={() => void resend()} disabled={busy}>
            Send a new code
          </button>
        ) : (
          <>
            You can ask for a new code in <Countdown until={resendAt} onDone={allowResend} />.
          </>
        )}
      </p>
    </main>
  );
}
