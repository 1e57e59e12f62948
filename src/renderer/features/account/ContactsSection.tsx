import { useEffect, useState, type FormEvent } from 'react';
import type { AccountView, CodeChannels, CodeSent } from '../../../shared/index.js';
import { TEXT_LIMITS } from '../../../shared/input-problems.js';
import { formatDateTime } from '../../format.js';
import { ApiError, call, gatehouse } from '../../gatehouse.js';
import { CodeInput } from '../../ui/CodeInput.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';

type Channel = 'email' | 'sms';

const verified = (at: number | null) => (at === null ? 'not verified' : `verified ${formatDateTime(at)}`);

const FIELDS = ['to', 'code'];

/**
 * The account's email and phone, and whether each was proved by a code. A new one is proved the
 * same way: main sends a code to it, and only the code typed back makes it the account's.
 */
export function ContactsSection({ account, onChanged }: { account: AccountView; onChanged: (account: AccountView, message: string) => void }) {
  const [channels, setChannels] = useState<CodeChannels>({ email: false, sms: false });
  const [editing, setEditing] = useState<Channel | null>(null);
  const [removing, setRemoving] = useState(false);
  const { busy, error, run } = useAction();
  const { guard, dialog } = useStepUp();
  useEffect(() => {
    call(gatehouse().auth.codeChannels({})).then(setChannels, () => undefined);
  }, []);

  const removePhone = () =>
    run(async () => {
      setRemoving(false);
      onChanged(await guard(() => call(gatehouse().account.removePhone({}))), 'Your phone number was removed.');
    });

  return (
    <div className="contacts">
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <dl className="facts">
        <dt>Email address</dt>
        <dd>
          {account.email} <span className="hint">· {verified(account.emailVerifiedAt)}</span>
        </dd>
        <dt>Phone</dt>
        <dd>
          {account.phoneDisplay === null ? (
            'None'
          ) : (
            <>
              {account.phoneDisplay} <span className="hint">· {verified(account.phoneVerifiedAt)}</span>
            </>
          )}
        </dd>
      </dl>
      {editing ? (
        <ContactChangeForm
          channel={editing}
          onDone={(updated) => {
            setEditing(null);
            onChanged(updated, editing === 'email' ? `Your email address is now ${updated.email}.` : `Your phone number is now ${updated.phoneDisplay ?? ''}.`);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="actions">
          {channels.email && (
            <button type="button" className="secondary" onClick={() => setEditing('email')} disabled={busy}>
              Change email
            </button>
          )}
          {channels.sms && (
            <button type="button" className="secondary" onClick={() => setEditing('sms')} disabled={busy}>
              {account.phone === null ? 'Add a phone number' : 'Change phone'}
            </button>
          )}
          {account.phone !== null && (
            <button type="button" className="secondary" onClick={() => setRemoving(true)} disabled={busy}>
              Remove phone
            </button>
          )}
        </div>
      )}
      {removing && (
        <ConfirmDialog title="Remove your phone number?" confirmLabel="Remove" danger onCancel={() => setRemoving(false)} onConfirm={() => void removePhone()}>
          <p>You will no longer be able to sign in with a texted code.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ContactChangeForm({ channel, onDone, onCancel }: { channel: Channel; onDone: (account: AccountView) => void; onCancel: () => void }) {
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const { busy, error, setError, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();
  const email = channel === 'email';

  function send(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      setSent(await guard(() => call(gatehouse().account.contactBegin({ channel, to }))));
      setCode('');
      setCodeError(null);
    });
  }

  function confirm(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        const result = await call(gatehouse().account.contactConfirm({ flowId: sent!.flowId, code }));
        if (result.kind === 'changed') return onDone(result.account);
        setCode('');
        setCodeError(result.kind === 'failed' ? 'That code is not right. Check the newest message and try again.' : 'Too many failed attempts. Try again in a few minutes.');
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'code_expired')) throw e;
        setSent(null);
        setError(`${e.message.replace(' Send a new one.', '')} Send a new one.`);
      }
    });
  }

  return (
    <div className="card inset">
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {!sent ? (
        <form onSubmit={send} noValidate aria-label={email ? 'New email address' : 'New phone number'}>
          <Field
            label={email ? 'New email address' : 'Phone number'}
            hint={email ? 'We will email a code to it.' : 'In international form, like +1 555 123 4567. We will text a code to it.'}
            type={email ? 'email' : 'tel'}
            autoComplete={email ? 'email' : 'tel'}
            spellCheck={false}
            maxLength={TEXT_LIMITS.emailOrPhone}
            error={fieldError('to')}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <div className="actions">
            <SubmitButton busy={busy} busyLabel="Sending…">
              Send a code
            </SubmitButton>
            <button type="button" className="link" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={confirm} noValidate aria-label="Confirm with the code">
          <p>
            We sent a code to <strong>{sent.sentTo}</strong>. It works for {Math.round(sent.expiresInMs / 60_000)} minutes.
          </p>
          <CodeInput
            kind="totp"
            label={`Enter the 6-digit code from the ${email ? 'email' : 'text'}`}
            value={code}
            onChange={(v) => (setCode(v), setCodeError(null))}
            error={codeError ?? fieldError('code')}
          />
          <div className="actions">
            <SubmitButton busy={busy} busyLabel="Checking…">
              Confirm
            </SubmitButton>
            <button type="button" className="link" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
