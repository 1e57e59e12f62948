import { useCallback, useState, type FormEvent } from 'react';
import type { CodeSent, SignInResult } from '../../../shared/index.js';
import { TEXT_LIMITS } from '../../../shared/input-problems.js';
import { ApiError, call, gatehouse } from '../../gatehouse.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { Countdown, ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { SignInRefusal } from './SignInFeedback.js';
import { Screen } from '../../ui/Screen.js';

/** The words that differ between an emailed and a texted code. */
const WORDS = {
  email: {
    title: 'Sign in with a code',
    intro: 'We will email you a 6-digit code. If you have no account yet, signing in makes one.',
    field: 'Email address',
    send: 'Email me a code',
    check: 'Check your email',
    enter: 'Enter the 6-digit code from the email',
    wrong: 'That code is not right. Check the newest email from Gatehouse and try again.',
    missing: 'Check your spam folder.',
  },
  sms: {
    title: 'Sign in with a texted code',
    intro: 'We will text a 6-digit code to the phone number on your account.',
    field: 'Phone number',
    send: 'Text me a code',
    check: 'Check your phone',
    enter: 'Enter the 6-digit code from the text',
    wrong: 'That code is not right. Check the newest text from Gatehouse and try again.',
    missing: 'Texts can take a minute to arrive.',
  },
} as const;

interface CodeSignInProps {
  channel: 'email' | 'sms';
  /** What was typed in the sign-in form's email field: never asked for twice. */
  initialEmail: string;
  onResult: (result: SignInResult, email: string) => void;
  onBack: () => void;
}

const FIELDS = ['to', 'code'];

/**
 * "Email me a code" or "Text me a code": the address or number, then the code from the message. "Didn't get a code?" stays in
 * one place; a new code may be asked for once the wait shown has passed (a working link, never
 * a disabled button). Every limit is main's: this only says what main answered.
 */
export function CodeSignIn({ channel, initialEmail, onResult, onBack }: CodeSignInProps) {
  const words = WORDS[channel];
  const [to, setTo] = useState(channel === 'email' ? initialEmail : '');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<SignInResult | null>(null);
  const [resendAt, setResendAt] = useState(0);
  const [canResend, setCanResend] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, fieldError, run } = useAction(FIELDS);
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
    void run(async () => started(await call(gatehouse().auth.codeRequest({ channel, to }))));
  }

  const resend = () =>
    run(async () => {
      setNotice(null);
      started(await call(gatehouse().auth.codeResend({ flowId: sent!.flowId })));
      setNotice('We sent a new code. Only the newest one works.');
    });

  function verify(event: FormEvent) {
    event.preventDefault();
    if (code.trim() === '') return setCodeError(words.enter);
    void run(async () => {
      setNotice(null);
      try {
        const result = await call(gatehouse().auth.codeVerify({ flowId: sent!.flowId, code }));
        if (result.kind === 'failed') {
          setCode('');
          return setCodeError(words.wrong);
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
      <Screen labelledBy="code-title" step="address">
        <h1 id="code-title">{words.title}</h1>
        <p>{words.intro}</p>
        <ErrorMessage>{error}</ErrorMessage>
        <form onSubmit={request} noValidate>
          <Field
            label={words.field}
            hint={channel === 'sms' ? 'In international form, like +1 555 123 4567' : undefined}
            type={channel === 'email' ? 'email' : 'tel'}
            name={channel === 'email' ? 'email' : 'phone'}
            autoComplete={channel === 'email' ? 'username' : 'tel'}
            spellCheck={false}
            autoCapitalize="none"
            required
            maxLength={TEXT_LIMITS.emailOrPhone}
            error={fieldError('to')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <div className="actions">
            <SubmitButton busy={busy} busyLabel="Sending…">
              {words.send}
            </SubmitButton>
            <button type="button" className="link" onClick={onBack}>
              Sign in another way
            </button>
          </div>
        </form>
      </Screen>
    );
  }

  return (
    <Screen labelledBy="code-title" step="code">
      <h1 id="code-title">{words.check}</h1>
      <p>
        We sent a code to <strong>{sent.sentTo}</strong>. It works for {Math.round(sent.expiresInMs / 60_000)} minutes.
      </p>
      <SignInRefusal result={refusal} onRetryAllowed={clearRefusal} />
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      <form onSubmit={verify} noValidate>
        <CodeInput kind="totp" label={words.enter} value={code} onChange={(v) => (setCode(v), setCodeError(null), setError(null))} error={codeError ?? fieldError('code')} />
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
        {words.missing}{' '}
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
    </Screen>
  );
}
