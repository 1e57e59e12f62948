import { useState } from 'react';
import type { SessionView } from '../shared/index.js';
import { AccountsPage } from './admin/AccountsPage.js';
import { AuditPage } from './admin/AuditPage.js';
import { PolicyPage } from './admin/PolicyPage.js';
import { AccountPage } from './screens/AccountPage.js';

type Page = 'account' | 'accounts' | 'audit' | 'policy';

const PAGES: { id: Page; label: string; admin: boolean }[] = [
  { id: 'account', label: 'My account', admin: false },
  { id: 'accounts', label: 'Accounts', admin: true },
  { id: 'audit', label: 'Audit trail', admin: true },
  { id: 'policy', label: 'Policy', admin: true },
];

interface ShellProps {
  session: SessionView;
  onSessionChange: (session: SessionView) => void;
  onSignOut: () => void;
  onLock: () => void;
}

export function Shell({ session, onSessionChange, onSignOut, onLock }: ShellProps) {
  const [page, setPage] = useState<Page>('account');
  const visible = PAGES.filter((p) => !p.admin || session.isAdmin);
  return (
    <>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          Gatehouse
        </span>
        <nav aria-label="Main">
          <ul>
            {visible.map((p) => (
              <li key={p.id}>
                <button type="button" className="nav-link" aria-current={page === p.id ? 'page' : undefined} onClick={() => setPage(p.id)}>
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>{session.displayName}</span>
          <button type="button" className="secondary" onClick={onLock}>
            Lock
          </button>
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      {page === 'account' && <AccountPage session={session} onSessionChange={onSessionChange} />}
      {page === 'accounts' && session.isAdmin && <AccountsPage me={session.email} />}
      {page === 'audit' && session.isAdmin && <AuditPage />}
      {page === 'policy' && session.isAdmin && <PolicyPage />}
    </>
  );
}
