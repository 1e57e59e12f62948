import { useState } from 'react';
import { useSession } from './session.js';
import { useStepFocus } from '../ui/focus.js';
import { AccountsPage } from '../features/admin/AccountsPage.js';
import { AuditPage } from '../features/admin/AuditPage.js';
import { PolicyPage } from '../features/admin/PolicyPage.js';
import { ProvidersPage } from '../features/admin/ProvidersPage.js';
import { DeliveryPage } from '../features/admin/DeliveryPage.js';
import { AccountPage } from '../features/account/AccountPage.js';
import { About } from './About.js';

type Page = 'account' | 'accounts' | 'providers' | 'delivery' | 'audit' | 'policy' | 'about';

const PAGES: { id: Page; label: string; admin: boolean }[] = [
  { id: 'account', label: 'My account', admin: false },
  { id: 'accounts', label: 'Accounts', admin: true },
  { id: 'providers', label: 'Providers', admin: true },
  { id: 'delivery', label: 'Delivery', admin: true },
  { id: 'audit', label: 'Audit trail', admin: true },
  { id: 'policy', label: 'Policy', admin: true },
  { id: 'about', label: 'About', admin: false },
];

export function Shell() {
  const { session, signOut, lock, codesLeft, dismissCodesLeft } = useSession();
  const [page, setPage] = useState<Page>('account');
  const visible = PAGES.filter((p) => !p.admin || session.isAdmin);
  // A new page takes the focus at its heading (read out by screen readers), and is announced.
  const pageRef = useStepFocus<HTMLDivElement>(page, 'heading');
  const label = PAGES.find((p) => p.id === page)!.label;
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
          <button type="button" className="secondary" onClick={() => void lock()}>
            Lock
          </button>
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {codesLeft !== null && (
        <div className={`alert ${codesLeft < 3 ? 'alert--warn' : 'alert--info'} banner`} role="status">
          <span>
            You used a recovery code: {codesLeft} left.{codesLeft < 3 && ' Make new ones so that you do not get locked out.'}
          </span>
          {codesLeft < 3 && (
            <button type="button" className="link" onClick={() => (page === 'account' ? document.getElementById('recovery-codes-title')?.scrollIntoView() : setPage('account'))}>
              {page === 'account' ? 'Go to recovery codes' : 'Go to My account'}
            </button>
          )}
          <button type="button" className="link" onClick={dismissCodesLeft}>
            Dismiss
          </button>
        </div>
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {label}
      </div>
      <div ref={pageRef}>
        {page === 'account' && <AccountPage />}
        {page === 'accounts' && session.isAdmin && <AccountsPage me={session.email} />}
        {page === 'providers' && session.isAdmin && <ProvidersPage />}
        {page === 'delivery' && session.isAdmin && <DeliveryPage />}
        {page === 'audit' && session.isAdmin && <AuditPage />}
        {page === 'policy' && session.isAdmin && <PolicyPage />}
        {page === 'about' && <About />}
      </div>
    </>
  );
}
