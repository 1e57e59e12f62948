import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AccountView } from '../../../shared/index.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice } from '../../ui/Feedback.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { formatDateTime } from '../../format.js';
import { AddAccountForm } from './AddAccountForm.js';

type Filter = 'all' | 'active' | 'locked' | 'must_change' | 'disabled';

function statusOf(a: AccountView): { label: string; tone: string } {
  if (a.status === 'disabled') return { label: 'Disabled', tone: 'muted' };
  if (a.signInState.kind === 'locked') return { label: 'Locked', tone: 'bad' };
  if (a.signInState.kind === 'blocked') return { label: 'Locked for a while', tone: 'warn' };
  if (a.mustChangePassword) return { label: 'Must change password', tone: 'warn' };
  return { label: 'Active', tone: 'good' };
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
  }
}

type Pending = { kind: 'delete' | 'disable' | 'expire'; account: AccountView };

export function AccountsPage({ me }: { me: string }) {
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const { error, setError, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);

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
    return accounts.filter((a) => matches(a, filter) && (!q || a.email.includes(q) || a.displayName.toLowerCase().includes(q)));
  }, [accounts, query, filter]);

  function act(label: string, work: () => Promise<unknown>) {
    setNotice(null);
    return run(async () => {
      await work();
      setNotice(label);
      await load();
    });
  }

  const admin = gatehouse().admin;
  function confirmPending() {
    if (!pending) return;
    const { kind, account } = pending;
    setPending(null);
    if (kind === 'delete') void act(`Deleted ${account.email}.`, () => call(admin.delete({ email: account.email })));
    if (kind === 'disable') void act(`Disabled ${account.email}.`, () => call(admin.disable({ email: account.email })));
    if (kind === 'expire') void act(`${account.email} must choose a new password at next sign-in.`, () => call(admin.expirePassword({ email: account.email })));
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
          </select>
        </div>
      </div>
      <table className="table">
        <caption className="visually-hidden">Accounts on this computer ({shown.length} shown)</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Status</th>
            <th scope="col">Role</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => {
            const status = statusOf(a);
            const self = a.email === me;
            return (
              <tr key={a.id}>
                <td>{a.displayName}</td>
                <td>{a.email}</td>
                <td>
                  <span className={`badge badge--${status.tone}`}>{status.label}</span>
                </td>
                <td>{a.isAdmin ? 'Administrator' : 'User'}</td>
                <td>{formatDateTime(a.lastSignInAt)}</td>
                <td>
                  <div className="row-actions">
                    {a.signInState.kind !== 'open' && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Unlock ${a.email}`}
                        onClick={() => act(`Unlocked ${a.email}.`, () => call(admin.unlock({ email: a.email })))}
                      >
                        Unlock
                      </button>
                    )}
                    {!a.mustChangePassword && a.hasPassword && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Require new password for ${a.email}`}
                        onClick={() => setPending({ kind: 'expire', account: a })}
                      >
                        Require new password
                      </button>
                    )}
                    {a.status === 'active' ? (
                      !self && (
                        <button type="button" className="secondary small" aria-label={`Disable ${a.email}`} onClick={() => setPending({ kind: 'disable', account: a })}>
                          Disable
                        </button>
                      )
                    ) : (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Enable ${a.email}`}
                        onClick={() => act(`Enabled ${a.email}.`, () => call(admin.enable({ email: a.email })))}
                      >
                        Enable
                      </button>
                    )}
                    {!self && (
                      <button type="button" className="danger small" aria-label={`Delete ${a.email}`} onClick={() => setPending({ kind: 'delete', account: a })}>
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length === 0 && <p>No accounts match.</p>}
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
    </main>
  );
}
