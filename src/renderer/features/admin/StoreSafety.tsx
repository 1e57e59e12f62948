import { useEffect, useState, type FormEvent } from 'react';
import type { BackupsView, EmergencyKitView } from '../../../shared/index.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { useNote } from '../../ui/messages.js';
import { useStepUp } from '../factors/StepUp.js';
import { EmergencyKit } from './EmergencyKit.js';

/** The emergency kit: a new one on request (the earlier one stops working), shown once. */
export function KitSection() {
  const [confirming, setConfirming] = useState(false);
  const [kit, setKit] = useState<EmergencyKitView | null>(null);
  const { busy, error, run } = useAction();
  const [note, setNote] = useNote();
  const { guard, dialog } = useStepUp();
  if (kit) {
    return (
      <EmergencyKit
        kit={kit}
        onDone={() =>
          void run(async () => {
            try {
              // The new kit replaces the old one only now that it is kept.
              if (kit.pending) await call(gatehouse().admin.keepEmergencyKit({}));
            } finally {
              setKit(null); // kept, or void (the store key was replaced meanwhile): the section says which
            }
            setNote('Your new emergency kit is the one that works now. Destroy the old one.');
          })
        }
      />
    );
  }
  return (
    <section className="card" aria-labelledby="kit-section-title">
      <h2 id="kit-section-title">Emergency kit</h2>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {note && <Notice>{note}</Notice>}
      <p>
        The emergency kit's recovery key gives access back to every account here if this computer loses the key of its store. Make a new one if the old one is lost, or may have
        been seen.
      </p>
      <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
        Make a new emergency kit
      </button>
      {confirming && (
        <ConfirmDialog
          title="Make a new emergency kit?"
          confirmLabel="Make a new kit"
          onConfirm={() => {
            setConfirming(false);
            void run(async () => setKit(await guard(() => call(gatehouse().admin.createEmergencyKit({})))));
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>The kit you have now keeps working until you have stored the new one; from then on, only the new one works.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/**
 * A new key for the store (main re-encrypts it and forgets the old key): after a key may have
 * been copied, or on a schedule of the organisation's. The emergency kit keeps working.
 */
export function KeySection() {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const [note, setNote] = useNote();
  const { guard, dialog } = useStepUp();
  return (
    <section className="card" aria-labelledby="key-section-title">
      <h2 id="key-section-title">Store key</h2>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {note && <Notice>{note}</Notice>}
      <p>
        Every account here is encrypted with one key, kept in this computer's keychain. Replace it if it may have been copied: the store is encrypted again with a new key, and the
        old one opens nothing from then on.
      </p>
      <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
        {busy ? 'Replacing the key…' : 'Replace the store key'}
      </button>
      {confirming && (
        <ConfirmDialog
          title="Replace the store key?"
          confirmLabel="Replace the key"
          onConfirm={() => {
            setConfirming(false);
            void run(async () => {
              const { kitUpdated } = await guard(() => call(gatehouse().admin.rotateStoreKey({})));
              setNote(
                kitUpdated
                  ? 'The store has a new key. Your emergency kit works as before: its recovery key did not change.'
                  : 'The store has a new key. There is no emergency kit for it yet: make one below.',
              );
            });
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>Close any Gatehouse command that is using the store first. Your emergency kit and your backups keep working with the same recovery key.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const BACKUP_FIELDS = ['folder', 'keep'];

/** Backups of the whole store into a folder the administrator chooses, the newest few kept. */
export function BackupSection() {
  const [view, setView] = useState<BackupsView | null>(null);
  const [folder, setFolder] = useState('');
  const [keep, setKeep] = useState('10');
  const [daily, setDaily] = useState(false);
  const { busy, error, setError, fieldError, run } = useAction(BACKUP_FIELDS);
  const [note, setNote] = useNote();
  const { guard, dialog } = useStepUp();
  useEffect(() => {
    call(gatehouse().admin.backups({})).then(
      (v) => (setView(v), setFolder(v.folder ?? ''), setKeep(String(v.keep)), setDaily(v.daily)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [setError]);
  function save(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const saved = await guard(() => call(gatehouse().admin.setBackupFolder({ folder, keep: Number(keep), daily })));
      setView(saved);
      setNote(`Backups go to ${saved.folder}; the newest ${saved.keep} are kept.${saved.daily ? ' Gatehouse makes one a day while it runs.' : ''}`);
    });
  }
  const now = () =>
    run(async () => {
      const made = await call(gatehouse().admin.backupNow({}));
      setNote(`Backed up to ${made.file}.${made.removed > 0 ? ` ${made.removed} older backup${made.removed === 1 ? ' was' : 's were'} removed.` : ''}`);
    });
  return (
    <section className="card" aria-labelledby="backup-section-title">
      <h2 id="backup-section-title">Backups</h2>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {note && <Notice>{note}</Notice>}
      <p>A backup holds every account, encrypted; it opens on any computer with the emergency kit's recovery key, and with nothing else.</p>
      <form onSubmit={save} noValidate className="inline-form">
        <Field
          label="Backup folder"
          hint="A full path, best on another disk"
          spellCheck={false}
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          error={fieldError('folder')}
        />
        <Field label="Backups to keep" inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} error={fieldError('keep')} />
        <div className="checkbox">
          <input id="backup-daily" type="checkbox" checked={daily} onChange={(e) => setDaily(e.target.checked)} />
          <label htmlFor="backup-daily">Back up every day</label>
        </div>
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save
        </SubmitButton>
      </form>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy || !view?.folder} onClick={() => void now()}>
          Back up now
        </button>
      </div>
    </section>
  );
}
