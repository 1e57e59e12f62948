import { useEffect, useState } from 'react';
import { describePasswordProblem, type PasswordProblem } from '../../shared/password-problems.js';
import { call, gatehouse } from '../gatehouse.js';
import { PasswordInput } from './PasswordInput.js';

interface NewPasswordProps {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  /** For the first run, before any session: the email the password must not equal. */
  email?: string;
  error?: string | null;
  hideSignal?: number;
}

/**
 * A new-password field with a meter that explains, as the user types, every rule the password
 * still breaks. The rules are checked in main (the same check that decides), not guessed here.
 */
export function NewPassword({ label = 'New password', value, onChange, email, error, hideSignal }: NewPasswordProps) {
  const [checked, setProblems] = useState<PasswordProblem[] | null>(null);
  // An empty field has nothing to explain, whatever the last check said.
  const problems = value === '' ? null : checked;
  const [minLength, setMinLength] = useState<number | null>(null);

  useEffect(() => {
    if (value === '') return;
    let cancelled = false;
    const timer = setTimeout(() => {
      call(gatehouse().password.check({ password: value, ...(email && email.includes('@') ? { email } : {}) }))
        .then((answer) => {
          if (cancelled) return;
          setProblems(answer.problems);
          setMinLength(answer.minLength);
        })
        .catch(() => cancelled || setProblems(null));
    }, 150);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value, email]);

  const length = [...value.normalize('NFKC')].length;
  const tooShort = problems?.find((p) => p.rule === 'too_short');
  const min = tooShort?.rule === 'too_short' ? tooShort.min : minLength;
  const level = problems === null ? 'empty' : problems.length === 0 ? 'good' : problems.some((p) => p.rule === 'blocklisted') ? 'bad' : 'weak';
  return (
    <PasswordInput
      label={label}
      value={value}
      onChange={onChange}
      autoComplete="new-password"
      error={error}
      hideSignal={hideSignal}
      hint={
        <>
          Use a long passphrase{min ? ` of at least ${min} characters` : ''}: several unrelated words work well. Spaces, symbols and any language are fine, and pasting from a
          password manager is encouraged.
        </>
      }
    >
      <div className={`meter meter--${level}`} aria-hidden="true">
        <div className="meter-bar" style={{ width: `${level === 'good' ? 100 : Math.min(90, (length / Math.max(min ?? 15, 1)) * 90)}%` }} />
      </div>
      <div className="meter-text" aria-live="polite">
        {problems === null ? null : problems.length === 0 ? (
          <p className="ok-text">This password meets the policy ({length} characters).</p>
        ) : (
          <ul className="problems">
            {problems.map((p) => (
              <li key={p.rule}>
                {describePasswordProblem(p)}
                {p.rule === 'too_short' ? ` (${length} so far)` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
    </PasswordInput>
  );
}

/** The new password typed again: one wording of a mismatch for every form that asks for it. */
export function ConfirmPassword({
  label = 'Confirm new password',
  value,
  onChange,
  mismatch,
  hideSignal,
}: {
  label?: string;
  value: string;
  onChange: (value: string) => void;
  mismatch: boolean;
  hideSignal?: number;
}) {
  return (
    <PasswordInput
      label={label}
      autoComplete="new-password"
      value={value}
      onChange={onChange}
      error={mismatch ? 'The two passwords are not the same' : null}
      hideSignal={hideSignal}
    />
  );
}
