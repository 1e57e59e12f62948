import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { WebAuthnAbortService } from '@simplewebauthn/browser';
import { Modal } from '../../ui/Modal.js';
import { useAction } from '../../ui/useAction.js';
import type { PasskeyKind, PasskeyView } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useStepUp } from './StepUp.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { formatDateTime } from '../../format.js';
import { createPasskey, hasPlatformAuthenticator, PasskeyCancelled } from './passkeys.js';
import { useNote } from '../../ui/messages.js';
import { RecoveryCodes } from './RecoveryCodes.js';

export function PasskeysSection({ hasPassword, email, onChanged }: { hasPassword: boolean; email: string; onChanged: () => void }) {
  /** Recovery codes that came with the account's first second factor: shown once, here. */
  const [codes, setCodes] = useState<string[] | null>(null);
  const [passkeys, setPasskeys] = useState<PasskeyView[]>([]);
  const [platform, setPlatform] = useState<boolean | null>(null);
  /** While the browser's or the OS's prompt is up: which kind was asked for. */
  const [creating, setCreating] = useState<PasskeyKind | null>(null);
  /** A security key that made no passkey (no PIN, or none this app can ask for): it may still be a second step. */
  const [offerSecondStep, setOfferSecondStep] = useState(false);
  const [renaming, setRenaming] = useState<PasskeyView | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const { error, setError, run: runAction } = useAction();
  const [notice, setNotice] = useNote();
  const { guard, dialog } = useStepUp();

  const load = useCallback(
    () =>
      call(gatehouse().account.passkeys({}))
        .then(setPasskeys)
        .catch((e) => setError(errorMessage(e))),
    [setError],
  );
  useEffect(() => {
    void load();
    void hasPlatformAuthenticator().then(setPlatform);
  }, [load]);

  /** A change to the account's passkeys: verified first when main asks (useStepUp), its failure said once. */
  function run(work: () => Promise<void>) {
    setNotice(null);
    return runAction(async () => {
      try {
        await guard(work);
      } catch (e) {
        // Cancelled at the prompt, or the prompt timed out: the person's choice, said calmly.
        if (!(e instanceof PasskeyCancelled)) throw e;
        setNotice('No passkey was created.');
      }
    });
  }

  async function create(kind: PasskeyKind) {
    setCreating(kind);
    setOfferSecondStep(false);
    await run(async () => {
      const made = await createPasskey(kind, '').catch((e: unknown) => {
        if (kind === 'security_key' && e instanceof PasskeyCancelled) setOfferSecondStep(true);
        throw e;
      });
      setNotice(
        made.passkey.secondStepOnly
          ? `Security key saved: ${made.passkey.name}. It did not check a PIN or fingerprint, so it works as the second step after your password, not to sign in on its own.`
          : `Passkey saved: ${made.passkey.name}.`,
      );
      if (made.recoveryCodes) setCodes(made.recoveryCodes);
      await load();
      onChanged();
    });
    setCreating(null);
  }

  if (codes) {
    return (
      <div className="passkeys">
        <h3>Passkeys</h3>
        {notice && <Notice>{notice}</Notice>}
        <p>Your first passkey turned on two-step verification: signing in with your password now also asks for a passkey. Recovery codes get you in if you lose it.</p>
        <RecoveryCodes codes={codes} email={email} onDone={() => setCodes(null)} />
      </div>
    );
  }
  return (
    <div className="passkeys">
      <h3>Passkeys</h3>
      {dialog}
      <p>Faster, safer sign-in with passkeys. Use your fingerprint, face or screen lock instead of a password. Passkeys cannot be phished.</p>
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {passkeys.length > 0 && (
        <ul className="rows" aria-label="Passkeys">
          {passkeys.map((p) => (
            <li key={p.id} className="row">
              <span>
                <strong>{p.name}</strong>
                {p.provider && p.provider !== p.name && <span className="hint"> · {p.provider}</span>}{' '}
                <span className={`badge ${p.synced ? 'badge--good' : 'badge--muted'}`}>{p.synced ? 'Synced' : 'This device only'}</span>
                {p.secondStepOnly && (
                  <>
                    {' '}
                    <span className="badge badge--warn">Second step only</span>
                  </>
                )}
                <br />
                <span className="hint">
                  Created {formatDateTime(p.createdAt)} · Last used {formatDateTime(p.lastUsedAt)}
                  {p.secondStepOnly && ' · No PIN or fingerprint: asked for after your password'}
                </span>
              </span>
              <span className="row-actions">
                <button type="button" className="secondary small" aria-label={`Rename ${p.name}`} onClick={() => setRenaming(p)}>
                  Rename
                </button>
                <button type="button" className="secondary small" aria-label={`Remove ${p.name}`} onClick={() => setRemoving(p)}>
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {platform === false && (
        <p className="hint" role="note">
          This computer has no built-in passkey support (fingerprint, face or screen lock) that Gatehouse can use. You can use a security key instead.
        </p>
      )}
      {creating ? (
        <div className="alert alert--info" role="status">
          <p>
            <span className="spinner" aria-hidden="true" />{' '}
            {creating === 'second_step_key'
              ? 'Insert your security key and touch it when it blinks.'
              : creating === 'security_key'
                ? 'Insert your security key and touch it when it blinks. It may ask for its PIN.'
                : "Follow your browser's or your computer's prompt: confirm with your fingerprint, face or screen lock."}
          </p>
          <button type="button" className="secondary" onClick={() => WebAuthnAbortService.cancelCeremony()}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <p className="hint">
            {platform === false
              ? 'Your security key will ask you to touch it, and perhaps for its PIN.'
              : 'Your computer will ask you to confirm with your fingerprint, face or screen lock; a security key asks you to touch it.'}
          </p>
          <div className="actions">
            {platform !== false && (
              <button type="button" className="primary" onClick={() => create('platform')}>
                Create a passkey
              </button>
            )}
            <button type="button" className={platform === false ? 'primary' : 'secondary'} onClick={() => create('security_key')}>
              Add a security key
            </button>
          </div>
          {offerSecondStep && (
            <div className="alert alert--info" role="note">
              <p>
                If your security key has no PIN, or this app cannot ask for it, it can still be the second step after your password: it then checks only that the key is there, and
                cannot sign you in on its own.
              </p>
              <button type="button" className="secondary" onClick={() => create('second_step_key')}>
                Add it as a second step
              </button>
            </div>
          )}
        </>
      )}
      {renaming && <RenameDialog passkey={renaming} onDone={(view) => (setRenaming(null), view && (setNotice(`Renamed to ${view.name}.`), load()))} />}
      {removing && (
        <ConfirmDialog
          title={`Remove the passkey “${removing.name}”?`}
          confirmLabel="Remove passkey"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const target = removing;
            setRemoving(null);
            void run(async () => {
              setPasskeys(await call(gatehouse().account.passkeyRemove({ id: target.id })));
              onChanged();
              setNotice(`Removed the passkey “${target.name}”. Delete it from your password manager or device too.`);
            });
          }}
        >
          <p>Your account may be less secure. {passkeys.length === 1 ? (hasPassword ? 'You will still sign in with your password.' : '') : 'Your other passkeys keep working.'}</p>
          <p>Remember to delete it from your password manager or device as well.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function RenameDialog({ passkey, onDone }: { passkey: PasskeyView; onDone: (view: PasskeyView | null) => void }) {
  const [name, setName] = useState(passkey.name);
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onDone(await call(gatehouse().account.passkeyRename({ id: passkey.id, name }))));
  }
  return (
    <Modal labelledBy="rename-title" onCancel={() => onDone(null)}>
      <h2 id="rename-title">Rename passkey</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Passkey name" maxLength={NAME_LIMITS.passkey} value={name} onChange={(e) => setName(e.target.value)} error={error} autoFocus />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save name
          </SubmitButton>
          <button type="button" className="link" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
