import { useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditEntryView } from '../../../shared/index.js';
import { ErrorMessage } from '../../ui/Feedback.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { formatDateTime } from '../../format.js';

const OUTCOMES = ['success', 'failed', 'locked', 'expired', 'disabled'];

export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [email, setEmail] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      const query = { limit: 500, ...(email.includes('@') ? { email } : {}), ...(action ? { action } : {}), ...(outcome ? { outcome } : {}) };
      call(gatehouse().admin.audit(query))
        .then((list) => {
          setEntries([...list].reverse());
          setError(null);
        })
        .catch((e) => setError(errorMessage(e)));
    }, 200);
    return () => clearTimeout(timer);
  }, [email, action, outcome]);

  function exportJsonLines() {
    const text = entries.map((e) => JSON.stringify({ ...e, time: new Date(e.at).toISOString() })).join('\n') + '\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `gatehouse-audit-${new Date().toISOString().slice(0, 10)}.jsonl`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <main className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit trail</h1>
        <button type="button" className="secondary" onClick={exportJsonLines} disabled={entries.length === 0}>
          Export (JSON Lines)
        </button>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="audit-email">Account email</label>
          <input id="audit-email" type="search" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">Result</label>
          <select id="audit-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">All results</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      </div>
      <table className="table">
        <caption className="visually-hidden">Audit entries, newest first ({entries.length} shown)</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Account</th>
            <th scope="col">Method</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.email ?? '—'}</td>
              <td>{e.method ?? '—'}</td>
              <td>
                <span className={`badge badge--${e.outcome === 'success' ? 'good' : e.outcome === 'failed' || e.outcome === 'locked' ? 'bad' : 'warn'}`}>{e.outcome}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error && <p>No entries match.</p>}
    </main>
  );
}
