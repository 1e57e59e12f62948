import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { SecondFactorMethod } from '../../../shared/index.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import type { Result, SignInResult } from '../../../shared/index.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { Countdown, ErrorMessage, SubmitButton } from '../../ui/Feedback.js';

export type CodeAnswer = { kind: 'success' } | { kind: 'failed' } | { kind: 'locked'; retryAfterMs?: number };

interface SecondFactorFormProps {
  methods: SecondFactorMethod[];
  submitLabel: string;
  /** Sends the code to main; answers how it went. Success is the caller's to act on. */
  submit: (kind: 'totp' | 'recovery_code', code: string) => Promise<Result<CodeAnswer>>;
  onSuccess: () => void;
  children?: React.ReactNode;
}

/** The second step, as used at sign-in, on the lock screen and for a step-up. */
export function SecondFactorForm({ methods, submitLabel, submit, onSuccess, children }: SecondFactorFormProps) {
  const [kind, setKind] = useState<'totp' | 'recovery_code'>('totp');
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [lockedForGood, setLockedForGood] = useState(false);
  const unlock = useCallback(() => setLockedUntil(null), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return setFieldError(kind === 'totp' ? 'Enter the code from your authenticator app' : 'Enter a recovery code');
    setFieldError(null);
    await run(async () => {
      const answer = await call(submit(kind, code));
      if (answer.kind === 'success') return onSuccess();
      setCode('');
      if (answer.kind === 'failed') setFieldError(kind === 'totp' ? "That code didn't work. Check it and try again." : "That recovery code didn't work. Check it and try again.");
      else if (answer.retryAfterMs !== undefined) setLockedUntil(Date.now() + answer.retryAfterMs);
      else setLockedForGood(true);
    });
  }

  const other = kind === 'totp' ? 'recovery_code' : 'totp';
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
      <CodeInput kind={kind} value={code} onChange={setCode} error={fieldError} />
      <div className="actions">
        <SubmitButton busy={busy} busyLabel="Checking…" disabled={lockedUntil !== null || lockedForGood}>
          {submitLabel}
        </SubmitButton>
        {methods.includes(other) && (
          <button type="button" className="link" onClick={() => (setKind(other), setCode(''), setFieldError(null))}>
            {other === 'recovery_code' ? 'Use a recovery code' : 'Use your authenticator app'}
          </button>
        )}
      </div>
    </form>
  );
}

/** The second step of a sign-in (or an unlock) for SecondFactorForm: codes go to the sign-in flow. */
export function useSignInSecondStep(flowId: string, onResult: (result: SignInResult) => void) {
  const finished = useRef<SignInResult | null>(null);
  const submit = async (kind: 'totp' | 'recovery_code', code: string): Promise<Result<CodeAnswer>> => {
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
  return { submit, onSuccess };
}
