import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { CodeSent, SecondFactorMethod } from '../../../shared/index.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import type { Result, SignInResult } from '../../../shared/index.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { Countdown, ErrorMessage, SubmitButton } from '../../ui/Feedback.js';

export type CodeAnswer = { kind: 'success' } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };

/** The second steps that are a code typed in. */
type CodeKind = 'totp' | 'recovery_code' | 'sms';

const WORDS: Record<CodeKind, { empty: string; wrong: string; switchTo: string }> = {
  totp: { empty: 'Enter the code from your authenticator app', wrong: "That code didn't work. Check it and try again.", switchTo: 'Use your authenticator app' },
  recovery_code: { empty: 'Enter a recovery code', wrong: "That recovery code didn't work. Check it and try again.", switchTo: 'Use a recovery code' },
  sms: { empty: 'Enter the code from the text', wrong: "That code didn't work. Check the newest text and try again.", switchTo: 'Text a code to my phone' },
};

interface SecondFactorFormProps {
  methods: SecondFactorMethod[];
  submitLabel: string;
  /** Sends the code to main; answers how it went. Success is the caller's to act on. */
  submit: (kind: CodeKind, code: string) => Promise<Result<CodeAnswer>>;
  /** Texts a code to the account's phone, where that is a second step it may use. */
  sendText?: () => Promise<Result<CodeSent>>;
  onSuccess: () => void;
  children?: React.ReactNode;
}

/** The second step, as used at sign-in, on the lock screen and for a step-up. */
export function SecondFactorForm({ methods, submitLabel, submit, onSuccess, sendText, children }: SecondFactorFormProps) {
  // The codes this account can type, strongest first; a passkey-only second step has none to type here.
  const codeKinds = (['totp', 'recovery_code', 'sms'] as const).filter((k) => methods.includes(k) && (k !== 'sms' || sendText));
  const [kind, setKind] = useState<CodeKind>(codeKinds[0] ?? 'totp');
  const [texted, setTexted] = useState<{ sentTo: string; resendAt: number } | null>(null);
  const [canResend, setCanResend] = useState(false);
  const allowResend = useCallback(() => setCanResend(true), []);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [lockedForGood, setLockedForGood] = useState(false);
  const unlock = useCallback(() => setLockedUntil(null), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return setFieldError(WORDS[kind].empty);
    setFieldError(null);
    await run(async () => {
      const answer = await call(submit(kind, code));
      if (answer.kind === 'success') return onSuccess();
      setCode('');
      if (answer.kind === 'failed') setFieldError(WORDS[kind].wrong);
      else if (answer.retryAfterMs !== undefined) setLockedUntil(Date.now() + answer.retryAfterMs);
      else setLockedForGood(true);
    });
  }

  const text = () =>
    run(async () => {
      const sent = await call(sendText!());
      setTexted({ sentTo: sent.sentTo, resendAt: Date.now() + sent.resendAfterMs });
      setCanResend(false);
    });
  const others = codeKinds.filter((k) => k !== kind);
  const choose = (next: CodeKind) => {
    setKind(next);
    setCode('');
    setFieldError(null);
    if (next === 'sms' && !texted) void text();
  };
  if (codeKinds.length === 0) return null;
  return (
    <form onSubmit={onSubmit} noValidate>
      {children}
      <ErrorMessage>{error}</ErrorMessage>
      {lockedUntil !== null && (
        <ErrorMessage>
          Too many wrong codes. You can try again in <Countdown until={lockedUntil} onDone={unlock} />.
        </ErrorMessage>
      )}
      {lockedForGood && <ErrorMessage>This account is locked after too many failed attempts. Ask an administrator to unlock it.</ErrorMessage>}
      {kind === 'sms' && texted && (
        <p>
          We texted a code to {texted.sentTo}.{' '}
          {canResend ? (
            <button type="button" className="link" onClick={() => void text()} disabled={busy}>
              Send a new code
            </button>
          ) : (
            <span className="hint">
              You can ask for a new one in <Countdown until={texted.resendAt} onDone={allowResend} />.
            </span>
          )}
        </p>
      )}
      <CodeInput
        kind={kind === 'recovery_code' ? 'recovery_code' : 'totp'}
        label={kind === 'sms' ? 'Enter the 6-digit code from the text' : undefined}
        value={code}
        onChange={setCode}
        error={fieldError}
      />
      <div className="actions">
        <SubmitButton busy={busy} busyLabel="Checking…" disabled={lockedUntil !== null || lockedForGood}>
          {submitLabel}
        </SubmitButton>
        {others.map((k) => (
          <button key={k} type="button" className="link" onClick={() => choose(k)}>
            {WORDS[k].switchTo}
          </button>
        ))}
      </div>
    </form>
  );
}

/** The second step of a sign-in (or an unlock) for SecondFactorForm: codes go to the sign-in flow. */
export function useSignInSecondStep(flowId: string, onResult: (result: SignInResult) => void) {
  const finished = useRef<SignInResult | null>(null);
  const submit = async (kind: CodeKind, code: string): Promise<Result<CodeAnswer>> => {
    const answer = await gatehouse().auth.secondFactor({ flowId, kind, code });
    if (!answer.ok) return answer;
    const result = answer.value;
    if (result.kind === 'failed' || result.kind === 'locked') return { ok: true, value: result };
    finished.current = result;
    return { ok: true, value: { kind: 'success' } };
  };
  const onSuccess = () => {
    if (finished.current) onResult(finished.current);
  };
  const sendText = () => gatehouse().auth.textSecondFactor({ flowId });
  return { submit, onSuccess, sendText };
}
