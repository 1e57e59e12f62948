import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { NAME_LIMITS, type AccountView, type BackupsView, type EmergencyKitView } from '../../../shared/index.js';
import { EmergencyKit } from './EmergencyKit.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { Modal } from '../../ui/Modal.js';
import { NewPassword } from '../../ui/NewPassword.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { useNote } from '../../ui/messages.js';
import { formatDateTime } from '../../format.js';
import { useStepUp } from '../factors/StepUp.js';
import { AddAccountForm } from './AddAccountForm.js';

type Filter = 'all' | 'active' | 'locked' | 'must_change' | 'disabled' | 'no_two_step';
type Sort = 'name' | 'email' | 'last_sign_in' | 'created';

function statusOf(a: AccountView): { label: string; tone: string } {
  if (a.status === 'disabled') return { label: 'Disabled', tone: 'muted' };
  if (a.signInState.kind === 'locked') return { label: 'Locked', tone: 'bad' };
  if (a.signInState.kind === 'blocked') return { label: 'Locked for a while', tone: 'warn' };
  if (a.mustChangePassword) return { label: 'Must change password', tone: 'warn' };
  return { label: 'Active', tone: 'good' };
}

/** "Authenticator app and passkey", "Off": what stands behind the first factor. */
function twoStepOf(a: AccountView): string {
  const { authenticatorApps, passkeys } = a.secondFactors;
  const parts = [
    authenticatorApps > 0 && (authenticatorApps === 1 ? 'Authenticator app' : `${authenticatorApps} authenticator apps`),
    passkeys > 0 && (passkeys === 1 ? 'Passkey' : `${passkeys} passkeys`),
  ].filter((p): p is string => typeof p === 'string');
  const shown = parts.length === 0 ? 'Off' : parts.join(', ');
  return a.mfaRequired ? `${shown} · required` : shown;
}

function matches(a: AccountView, filter: Filter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'active':
      return a.status === 'active' && a.signInState.kind === 'open';
    case 'locked':
      return a.signInState.kind !== 'open';
    case 'must_change':
      return a.mustChangePassword;
    case 'disabled':
      return a.status === 'disabled';
    case 'no_two_step':
      return a.secondFactors.authenticatorApps === 0 && a.secondFactors.passkeys === 0;
  }
}

const COMPARE: Record<Sort, (a: AccountView, b: AccountView) => number> = {
  name: (a, b) => a.displayName.localeCompare(b.displayName) || a.email.localeCompare(b.email),
  email: (a, b) => a.email.localeCompare(b.email),
  // Most recent first; never signed in last.
  last_sign_in: (a, b) => (b.lastSignInAt ?? -1) - (a.lastSignInAt ?? -1),
  created: (a, b) => b.createdAt - a.createdAt,
};

type Pending = { kind: 'delete' | 'disable' | 'expire' | 'reset_two_step' | 'make_admin' | 'make_user' | 'rename' | 'temporary_password'; account: AccountView };

export function AccountsPage({ me }: { me: string }) {
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [sort, setSort] = useState<Sort>('name');
  const { error, setError, run } = useAction();
  const [notice, setNotice] = useNote();
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const { guard, dialog } = useStepUp();

  const load = useCallback(
    () =>
      call(gatehouse().admin.listAccounts({}))
        .then(setAccounts)
        .catch((e) => setError(errorMessage(e))),
    [setError],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return accounts.filter((a) => matches(a, filter) && (!q || a.email.includes(q) || a.displayName.toLowerCase().includes(q))).sort(COMPARE[sort]);
  }, [accounts, query, filter, sort]);

  /** An administrative change: verified first when main asks for a fresh second factor; then the list again. */
  function act(label: string, work: () => Promise<unknown>) {
    return run(async () => {
      await guard(work);
      setNotice(label);
      await load();
    });
  }

  const admin = gatehouse().admin;
  function confirmPending() {
    if (!pending) return;
    const { kind, account } = pending;
    const email = account.email;
    setPending(null);
    if (kind === 'delete') void act(`Deleted ${email}.`, () => call(admin.delete({ email })));
    if (kind === 'disable') void act(`Disabled ${email}.`, () => call(admin.disable({ email })));
    if (kind === 'expire') void act(`${email} must choose a new password at next sign-in.`, () => call(admin.expirePassword({ email })));
    if (kind === 'reset_two_step') void act(`Removed the authenticator apps and recovery codes of ${email}.`, () => call(admin.resetSecondFactors({ email })));
    if (kind === 'make_admin') void act(`${email} is now an administrator.`, () => call(admin.setRole({ email, isAdmin: true })));
    if (kind === 'make_user') void act(`${email} is no longer an administrator.`, () => call(admin.setRole({ email, isAdmin: false })));
  }

  return (
    <main className="page" aria-labelledby="accounts-title">
      <div className="page-head">
        <h1 id="accounts-title">Accounts</h1>
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add account
          </button>
        )}
      </div>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {adding && (
        <AddAccountForm
          onCreated={(a) => {
            setAdding(false);
            setNotice(`Added ${a.email}.`);
            void load();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="account-search">Search accounts</label>
          <input id="account-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="account-filter">Show</label>
          <select id="account-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="all">All accounts</option>
            <option value="active">Active</option>
            <option value="locked">Locked</option>
            <option value="must_change">Must change password</option>
            <option value="disabled">Disabled</option>
            <option value="no_two_step">Without two-step verification</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="account-sort">Sort by</label>
          <select id="account-sort" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            <option value="name">Name</option>
            <option value="email">Email</option>
            <option value="last_sign_in">Last sign-in, newest first</option>
            <option value="created">Added, newest first</option>
          </select>
        </div>
      </div>
      <table className="table stacking">
        <caption className="visually-hidden">Accounts on this computer ({shown.length} shown)</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Role</th>
            <th scope="col">Two-step</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => {
            const status = statusOf(a);
            return (
              <tr key={a.id}>
                <th scope="row" data-label="Account">
                  <span className="account-name">{a.displayName}</span>
                  <span className="hint account-email">{a.email}</span>
                </th>
                <td data-label="Status">
                  <span className={`badge badge--${status.tone}`}>{status.label}</span>
                </td>
                <td data-label="Role">{a.isAdmin ? 'Administrator' : 'User'}</td>
                <td data-label="Two-step">{twoStepOf(a)}</td>
                <td data-label="Last sign-in">{a.lastSignInAt === null ? 'Never' : formatDateTime(a.lastSignInAt)}</td>
                <td data-label="Actions">
                  <RowMenu
                    account={a}
                    self={a.email === me}
                    onChoose={(kind) => setPending({ kind, account: a })}
                    onUnlock={() => void act(`Unlocked ${a.email}.`, () => call(admin.unlock({ email: a.email })))}
                    onEnable={() => void act(`Enabled ${a.email}.`, () => call(admin.enable({ email: a.email })))}
                    onRequireMfa={(required) =>
                      void act(required ? `Two-step verification is required of ${a.email}.` : `Two-step verification is no longer required of ${a.email} alone.`, () =>
                        call(admin.setRequireMfa({ email: a.email, required })),
                      )
                    }
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length === 0 && <p>No accounts match.</p>}
      <KitSection />
      <BackupSection />
      {pending?.kind === 'delete' && (
        <ConfirmDialog title={`Delete ${pending.account.email}?`} confirmLabel="Delete account" danger onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>The account and everything it holds are removed for good. The audit trail keeps its history.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'disable' && (
        <ConfirmDialog title={`Disable ${pending.account.email}?`} confirmLabel="Disable account" onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>They will not be able to sign in until an administrator enables the account again.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'expire' && (
        <ConfirmDialog title="Require a new password at next sign-in?" confirmLabel="Require new password" onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>{pending.account.email} will have to choose a new password the next time they sign in. Their current password keeps working until then, and only for that.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'reset_two_step' && (
        <ConfirmDialog
          title={`Reset two-step verification for ${pending.account.email}?`}
          confirmLabel="Reset two-step verification"
          danger
          onConfirm={confirmPending}
          onCancel={() => setPending(null)}
        >
          <p>
            Their authenticator apps and recovery codes are removed, so that they can sign in with their password alone and set up a new app. Do this only when you are sure who is
            asking: it is how a lost phone is replaced, and how an attacker would ask for one.
          </p>
          <p>Their passkeys stay: they remove those themselves.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'make_admin' && (
        <ConfirmDialog title={`Make ${pending.account.email} an administrator?`} confirmLabel="Make administrator" onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>Administrators manage every account on this computer, the policy and the providers.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'make_user' && (
        <ConfirmDialog title={`Make ${pending.account.email} a user?`} confirmLabel="Make user" onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>They keep their account, but can no longer manage others.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'rename' && (
        <RenameDialog
          account={pending.account}
          onDone={(renamed) => {
            setPending(null);
            if (renamed) {
              setNotice(`Renamed ${renamed.email} to ${renamed.displayName}.`);
              void load();
            }
          }}
        />
      )}
      {pending?.kind === 'temporary_password' && (
        <TemporaryPasswordDialog
          account={pending.account}
          onDone={(done) => {
            setPending(null);
            if (done) {
              setNotice(`${done.email} has a temporary password, to be changed when they sign in. Tell them in person or by phone, not by email.`);
              void load();
            }
          }}
        />
      )}
    </main>
  );
}

type MenuChoice = Pending['kind'] | 'enable' | 'unlock' | 'require_mfa' | 'unrequire_mfa';

/** One "Manage" button per row: the actions that apply to that account, in a short list. */
function RowMenu({
  account: a,
  self,
  onChoose,
  onUnlock,
  onEnable,
  onRequireMfa,
}: {
  account: AccountView;
  self: boolean;
  onChoose: (kind: Pending['kind']) => void;
  onUnlock: () => void;
  onEnable: () => void;
  onRequireMfa: (required: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const menuId = `manage-${a.id}`;
  useEffect(() => {
    if (!open) return;
    list.current?.querySelector('button')?.focus();
    const away = (event: MouseEvent) => {
      if (!list.current?.contains(event.target as Node) && event.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const items: { choice: MenuChoice; label: string; danger?: true }[] = [
    ...(a.signInState.kind !== 'open' ? [{ choice: 'unlock' as const, label: 'Unlock' }] : []),
    { choice: 'rename', label: 'Rename' },
    // Another administrator is made a user first: taking one over is never a single step.
    ...(!self && !a.isAdmin && a.hasPassword ? [{ choice: 'temporary_password' as const, label: 'Set a temporary password' }] : []),
    ...(!a.mustChangePassword && a.hasPassword ? [{ choice: 'expire' as const, label: 'Require a new password' }] : []),
    ...(!self && !a.isAdmin && a.secondFactors.authenticatorApps > 0 ? [{ choice: 'reset_two_step' as const, label: 'Reset two-step verification' }] : []),
    a.requireMfa ? { choice: 'unrequire_mfa' as const, label: 'Stop requiring two-step verification' } : { choice: 'require_mfa' as const, label: 'Require two-step verification' },
    ...(!self ? [a.isAdmin ? { choice: 'make_user' as const, label: 'Make user' } : { choice: 'make_admin' as const, label: 'Make administrator' }] : []),
    ...(a.status === 'active' ? (!self ? [{ choice: 'disable' as const, label: 'Disable' }] : []) : [{ choice: 'enable' as const, label: 'Enable' }]),
    ...(!self ? [{ choice: 'delete' as const, label: 'Delete', danger: true as const }] : []),
  ];

  function pick(choice: MenuChoice) {
    setOpen(false);
    button.current?.focus();
    if (choice === 'unlock') onUnlock();
    else if (choice === 'enable') onEnable();
    else if (choice === 'require_mfa' || choice === 'unrequire_mfa') onRequireMfa(choice === 'require_mfa');
    else onChoose(choice);
  }

  return (
    <div className="row-menu" onKeyDown={(e) => e.key === 'Escape' && open && (e.stopPropagation(), setOpen(false), button.current?.focus())}>
      <button
        ref={button}
        type="button"
        className="secondary small"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Manage ${a.email}`}
        onClick={() => setOpen((o) => !o)}
      >
        Manage <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul ref={list} id={menuId} className="row-menu-list" aria-label={`Actions for ${a.email}`}>
          {items.map((item) => (
            <li key={item.choice}>
              <button type="button" className={item.danger ? 'menu-item menu-item--danger' : 'menu-item'} onClick={() => pick(item.choice)}>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function RenameDialog({ account, onDone }: { account: AccountView; onDone: (renamed: AccountView | null) => void }) {
  const [name, setName] = useState(account.displayName);
  const { busy, error, fieldError, run } = useAction(RENAME_FIELDS);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onDone(await call(gatehouse().admin.rename({ email: account.email, displayName: name }))));
  }
  return (
    <Modal labelledBy="rename-account-title" onCancel={() => onDone(null)}>
      <h2 id="rename-account-title">Rename {account.email}</h2>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <Field label="Name" value={name} maxLength={NAME_LIMITS.displayName} onChange={(e) => setName(e.target.value)} error={fieldError('displayName')} data-initial-focus />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save name
          </SubmitButton>
          <button type="button" className="secondary" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
const RENAME_FIELDS = ['displayName'];

function TemporaryPasswordDialog({ account, onDone }: { account: AccountView; onDone: (done: AccountView | null) => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, fieldError, run } = useAction(TEMPORARY_FIELDS);
  const { guard, dialog } = useStepUp();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onDone(await guard(() => call(gatehouse().admin.setTemporaryPassword({ email: account.email, password })))));
  }
  return (
    <Modal labelledBy="temporary-title" onCancel={() => onDone(null)}>
      <h2 id="temporary-title">Set a temporary password for {account.email}</h2>
      <p>They sign in with it once and then choose their own. Their old password stops working now.</p>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <NewPassword label="Temporary password" value={password} onChange={setPassword} email={account.email} error={fieldError('password')} />
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Setting…">
            Set temporary password
          </SubmitButton>
          <button type="button" className="secondary" onClick={() => onDone(null)} data-initial-focus>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
const TEMPORARY_FIELDS = ['password'];

/** The emergency kit: a new one on request (the earlier one stops working), shown once. */
function KitSection() {
  const [confirming, setConfirming] = useState(false);
  const [kit, setKit] = useState<EmergencyKitView | null>(null);
  const { busy, error, run } = useAction();
  const [note, setNote] = useNote();
  const { guard, dialog } = useStepUp();
  if (kit) {
    return (
      <EmergencyKit
        kit={kit}
        onDone={() => {
          setKit(null);
          setNote('Your new emergency kit is the one that works now. Destroy the old one.');
        }}
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
          <p>The kit you have now stops working at once: keep the new one before you close it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

const BACKUP_FIELDS = ['folder', 'keep'];

/** Backups of the whole store into a folder the administrator chooses, the newest few kept. */
function BackupSection() {
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
