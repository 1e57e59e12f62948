import { useId } from 'react';
import { TEXT_LIMITS } from '../../shared/input-problems.js';
import { describedBy, FieldFrame } from './FieldFrame.js';

interface CodeInputProps {
  kind: 'totp' | 'recovery_code';
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  label?: string;
}

/**
 * One field for a code, never six boxes (WCAG 3.3.8) and never type=number (it drops leading
 * zeros). Spaces and hyphens are accepted: main strips them.
 */
export function CodeInput({ kind, value, onChange, error, label }: CodeInputProps) {
  const id = useId();
  const totp = kind === 'totp';
  const hint = totp ? undefined : "It looks like XXXX-XXXX-XXXX. Capitals and hyphens don't matter.";
  return (
    <FieldFrame id={id} label={label ?? (totp ? 'Enter the 6-digit code from your authenticator app' : 'Enter one of your recovery codes')} hint={hint} error={error}>
      <input
        id={id}
        className={totp ? 'code-input' : 'recovery-input'}
        type="text"
        name={totp ? 'one-time-code' : 'recovery-code'}
        inputMode={totp ? 'numeric' : 'text'}
        autoComplete={totp ? 'one-time-code' : 'off'}
        spellCheck={false}
        autoCapitalize={totp ? 'none' : 'characters'}
        maxLength={TEXT_LIMITS.code}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
      />
    </FieldFrame>
  );
}
