import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { Modal } from '../../ui/Modal.js';
import { NewPassword } from '../../ui/NewPassword.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';

/** What an administrator does to one account, from its row: the actions that ask first (a confirmation or a form). */
export type ConfirmedAction = 'delete' | 'disable' | 'expire' | 'reset_two_step' | 'make_admin' | 'make_user' | 'rename' | 'temporary_password';

type MenuChoice = ConfirmedAction | 'enable' | 'unlock' | 'require_mfa' | 'unrequire_mfa';

/** One "Manage" button per row: the actions that apply to that account, in a short list. */
export function RowMenu({
  account: a,
  self,
  onChoose,
  onUnlock,
  onEnable,
  onRequireMfa,
}: {
  account: AccountView;
  self: boolean;
  onChoose: (kind: ConfirmedAction) => void;
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

export function RenameDialog({ account, onDone }: { account: AccountView; onDone: (renamed: AccountView | null) => void }) {
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

export function TemporaryPasswordDialog({ account, onDone }: { account: AccountView; onDone: (done: AccountView | null) => void }) {
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
