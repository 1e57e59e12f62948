import { useEffect, useState } from 'react';
import type { AuditAction, AuditEntryView, AuditOutcome } from '../../../shared/index.js';
import { AUDIT_ACTION_LABELS, AUDIT_OUTCOME_LABELS, describeActor, describeAuditEntry } from '../../../shared/audit-words.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../../../shared/audit.js';
import { ErrorMessage } from '../../ui/Feedback.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { formatDateTimeWithSeconds } from '../../format.js';
import { downloadText } from '../../ui/shown-once.js';

/** Entries per page: the page says when there are more, and fetches them on request. */
const PAGE = 100;

/** A day picked in a date field, as the start of that day where the computer is. */
const startOfDay = (day: string): number | undefined => (day ? new Date(`${day}T00:00:00`).getTime() : undefined);
const DAY = 86_400_000;

function toneOf(outcome: AuditOutcome): string {
  if (outcome === 'success') return 'good';
  if (outcome === 'failed' || outcome === 'locked' || outcome === 'disabled') return 'bad';
  if (outcome === 'second_factor_required' || outcome === 'mfa_enrolment_required') return 'muted';
  return 'warn';
}

export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [more, setMore] = useState(false);
  const [email, setEmail] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [outcome, setOutcome] = useState<AuditOutcome | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const query = (before?: number) => {
    const since = startOfDay(from);
    const until = startOfDay(to);
    return {
      limit: PAGE,
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(action ? { action } : {}),
      ...(outcome ? { outcome } : {}),
      ...(since !== undefined ? { since } : {}),
      // "To" a day includes that whole day.
      ...(until !== undefined ? { until: until + DAY } : {}),
      ...(before !== undefined ? { before } : {}),
    };
  };

  // The filters apply as they are typed: the email matches any part of an address.
  useEffect(() => {
    const timer = setTimeout(() => {
      setLoading(true);
      call(gatehouse().admin.audit(query()))
        .then((page) => {
          setEntries(page.entries);
          setMore(page.more);
          setError(null);
        })
        .catch((e) => setError(errorMessage(e)))
        .finally(() => setLoading(false));
    }, 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- query() reads exactly these
  }, [email, action, outcome, from, to]);

  function older() {
    setLoading(true);
    call(gatehouse().admin.audit(query(entries.at(-1)?.id)))
      .then((page) => {
        setEntries((shown) => [...shown, ...page.entries]);
        setMore(page.more);
      })
      .catch((e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }

  function exportJsonLines() {
    const text = entries.map((e) => JSON.stringify({ ...e, time: new Date(e.at).toISOString() })).join('\n') + '\n';
    downloadText(`gatehouse-audit-${new Date().toISOString().slice(0, 10)}.jsonl`, text, 'application/x-ndjson');
  }

  return (
    <main className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit trail</h1>
        <button type="button" className="secondary" onClick={exportJsonLines} disabled={entries.length === 0}>
          Export shown entries (JSON Lines)
        </button>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="audit-email">Account email</label>
          <input
            id="audit-email"
            type="search"
            spellCheck={false}
            autoCapitalize="none"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-describedby="audit-email-hint"
          />
          <span id="audit-email-hint" className="hint">
            Any part of the address
          </span>
        </div>
        <div className="field">
          <label htmlFor="audit-action">What</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">Everything</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">Result</label>
          <select id="audit-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as AuditOutcome | '')}>
            <option value="">All results</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {AUDIT_OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>
      <table className="table stacking">
        <caption className="visually-hidden">Audit entries, newest first ({entries.length} shown)</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What happened</th>
            <th scope="col">Account</th>
            <th scope="col">By</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label="Time">{formatDateTimeWithSeconds(e.at)}</td>
              <td data-label="What happened">
                <span className={`badge badge--${toneOf(e.outcome)}`}>{AUDIT_OUTCOME_LABELS[e.outcome]}</span> {describeAuditEntry(e)}
                <span className="hint raw">
                  <code>
                    {e.action} · {e.outcome}
                    {e.method ? ` · ${e.method}` : ''}
                  </code>
                </span>
              </td>
              <td data-label="Account">{e.email ?? '—'}</td>
              <td data-label="By">{describeActor(e.actor)}</td>
              <td data-label="Details">{e.detail ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error && !loading && <p>No entries match.</p>}
      <p className="hint" role="status">
        {loading ? 'Loading…' : `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} shown${more ? '; older ones match too' : ''}.`}
      </p>
      {more && (
        <button type="button" className="secondary" onClick={older} disabled={loading}>
          Show older entries
        </button>
      )}
    </main>
  );
}
