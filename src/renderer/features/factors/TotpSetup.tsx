import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Result, TotpEnrolmentView } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { call } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useStepFocus } from '../../ui/focus.js';

const FIELDS = ['name', 'code'];

interface TotpSetupProps {
  begin: (name: string) => Promise<Result<TotpEnrolmentView>>;
  confirm: (name: string, code: string) => Promise<void>;
  onCancel?: () => void;
}

function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Adding an authenticator app, in numbered steps; it becomes active only with a right code. */
export function TotpSetup({ begin, confirm, onCancel }: TotpSetupProps) {
  const [name, setName] = useState('Phone');
  const [enrolment, setEnrolment] = useState<TotpEnrolmentView | null>(null);
  const [showKey, setShowKey] = useState(false);
  const [copied, setCopied] = useState(false);
  const [code, setCode] = useState('');
  const { busy, error, fieldError, run } = useAction(FIELDS);
  // Each step takes the focus: the name field, then the step's heading; the setup key when asked for.
  const stepRef = useStepFocus<HTMLFormElement>(enrolment ? 'scan' : 'name', enrolment ? 'heading' : 'field');
  const keyRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (showKey) keyRef.current?.focus();
  }, [showKey]);

  async function start(event: FormEvent) {
    event.preventDefault();
    await run(async () => setEnrolment(await call(begin(name))));
  }

  async function finish(event: FormEvent) {
    event.preventDefault();
    if (!enrolment) return;
    await run(async () => {
      try {
        await confirm(enrolment.name, code);
      } catch (e) {
        setCode('');
        throw e;
      }
    });
  }

  if (!enrolment) {
    return (
      <form key="name" ref={stepRef} onSubmit={start} noValidate aria-label="Name the authenticator app">
        <ErrorMessage>{error}</ErrorMessage>
        <Field
          label="Name this authenticator app"
          hint="So you can tell your devices apart, like “Phone” or “Tablet”."
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={NAME_LIMITS.authenticator}
          error={fieldError('name')}
        />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Preparing…">
            Continue
          </SubmitButton>
          {onCancel && (
            <button type="button" className="link" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    );
  }

  return (
    <form key="scan" ref={stepRef} onSubmit={finish} noValidate aria-label="Set up the authenticator app">
      <h3 className="small-heading">Connect your authenticator app</h3>
      <ErrorMessage>{error}</ErrorMessage>
      <ol className="steps">
        <li>Open your authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password or Aegis).</li>
        <li>
          Scan this QR code with it.
          <div className="qr">
            <img src={enrolment.qrCode} width={224} height={224} alt="QR code to add Gatehouse to your authenticator app. The setup key below is the same, as text." />
          </div>
          {showKey ? (
            <div className="setup-key">
              <p id="setup-key-label" ref={keyRef} tabIndex={-1}>
                Enter this setup key in your app instead. Spaces and capital letters don't matter.
              </p>
              <code className="key" aria-labelledby="setup-key-label">
                {groupKey(enrolment.secret)}
              </code>
              <button
                type="button"
                className="secondary small"
                onClick={async () => {
                  await navigator.clipboard.writeText(enrolment.secret);
                  setCopied(true);
                }}
              >
                Copy key
              </button>
              {copied && (
                <span role="status" className="hint">
                  {' '}
                  Copied.
                </span>
              )}
            </div>
          ) : (
            <button type="button" className="link" aria-expanded={false} onClick={() => setShowKey(true)}>
              Can't scan the QR code?
            </button>
          )}
        </li>
        <li>
          <CodeInput kind="totp" value={code} onChange={setCode} error={fieldError('code')} />
        </li>
      </ol>
      <div className="actions">
        <SubmitButton busy={busy} busyLabel="Checking…">
          Turn on two-step verification
        </SubmitButton>
        {onCancel && (
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
