import { useEffect, type ReactNode } from 'react';

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}

/** The label above, then the hint and the error, each with an id the input points at. */
export function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  // A new refusal takes the user to the field it is about; with several, to the first one.
  useEffect(() => {
    if (!error) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && active.getAttribute('aria-invalid') === 'true' && active.id !== id) return;
    document.getElementById(id)?.focus();
  }, [error, id]);
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
      {children}
    </div>
  );
}

/** aria-describedby for an input in a FieldFrame: its hint, its error, and anything else shown. */
export function describedBy(id: string, parts: { hint?: unknown; error?: unknown; extra?: unknown }): string | undefined {
  const ids = [parts.hint ? `${id}-hint` : null, parts.error ? `${id}-error` : null, parts.extra ? `${id}-extra` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
