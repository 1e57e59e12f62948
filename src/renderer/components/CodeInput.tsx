import { useId } from 'react';

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
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label ?? (totp ? 'Enter the 6-digit code from your authenticator app' : 'Enter one of your recovery codes')}</label>
      {!totp && (
        <div id={`${id}-hint`} className="hint">
          It looks like XXXX-XXXX-XXXX. Capitals and hyphens don't matter.
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
      <input
        id={id}
        className={totp ? 'code-input' : 'recovery-input'}
        type="text"
        name={totp ? 'one-time-code' : 'recovery-code'}
        inputMode={totp ? 'numeric' : 'text'}
        autoComplete={totp ? 'one-time-code' : 'off'}
        spellCheck={false}
        autoCapitalize={totp ? 'none' : 'characters'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[totp ? null : `${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined}
      />
    </div>
  );
}
