import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { describedBy, FieldFrame } from './FieldFrame.js';

interface PasswordInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'onChange'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  hint?: ReactNode;
  error?: string | null;
  /** Set back to hidden whenever this changes (on submit). */
  hideSignal?: number;
  children?: ReactNode;
}

/**
 * A password field that allows paste and any length, with a Show/Hide toggle that says what it
 * did to screen readers (GOV.UK's password input pattern).
 */
export function PasswordInput({ label, value, onChange, autoComplete, hint, error, hideSignal, children, ...input }: PasswordInputProps) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  const [lastSignal, setLastSignal] = useState(hideSignal);
  if (hideSignal !== lastSignal) {
    setLastSignal(hideSignal);
    setVisible(false);
  }
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <div className="password-row">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy(id, { hint, error, extra: children })}
          aria-invalid={error ? true : undefined}
          {...input}
        />
        <button type="button" className="secondary" aria-controls={id} onClick={() => setVisible((v) => !v)}>
          {visible ? 'Hide' : 'Show'}
          <span className="visually-hidden"> password</span>
        </button>
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {visible ? 'Your password is visible' : 'Your password is hidden'}
      </div>
      {children && <div id={`${id}-extra`}>{children}</div>}
    </FieldFrame>
  );
}
