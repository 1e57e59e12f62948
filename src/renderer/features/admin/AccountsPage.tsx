import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AccountView } from '../../../shared/index.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice } from '../../ui/Feedback.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { useNote } from '../../ui/messages.js';
import { formatDateTime } from '../../format.js';
import { useStepUp } from '../factors/StepUp.js';
import { AddAccountForm } from './AddAccountForm.js';
import { RenameDialog, RowMenu, TemporaryPasswordDialog, type ConfirmedAction } from './AccountActions.js';
import { BackupSection, KeySection, KitSection } from './StoreSafety.js';

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

type Pending = { kind: ConfirmedAction; account: AccountView };

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
      <KeySection />
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
