import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { DeliveryView, SmtpTls } from '../../../shared/index.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';
import { useNote } from '../../ui/messages.js';

const TLS_WORDS: Record<SmtpTls, string> = {
  starttls: 'STARTTLS (usually port 587)',
  implicit: 'TLS from the start (usually port 465)',
  'none-loopback-only': 'None: a test server on this computer only (unsafe)',
};

const FIELDS = ['host', 'port', 'user', 'password', 'from', 'baseUrl', 'accountId', 'authToken', 'allowedCountryCodes'];

/** How sign-in codes are sent: the SMTP server, the text provider, and a test message to prove them. Passwords and tokens are never shown. */
export function DeliveryPage() {
  const [view, setView] = useState<DeliveryView | null>(null);
  const [editing, setEditing] = useState<'email' | 'sms' | null>(null);
  const [notice, setNotice] = useNote();
  const [to, setTo] = useState('');
  const { busy, error, setError, run } = useAction();

  const load = useCallback(() => {
    call(gatehouse().admin.delivery({})).then(setView, (e: unknown) => setError(errorMessage(e)));
  }, [setError]);
  useEffect(() => load(), [load]);

  const saved = (next: DeliveryView, what: string) => {
    setView(next);
    setEditing(null);
    setNotice(`${what} saved. Send a test message to check it.`);
  };

  function sendTest(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      setNotice(null);
      const { sentTo, channel } = await call(gatehouse().admin.testDelivery({ to }));
      setNotice(`A test ${channel === 'email' ? 'email' : 'text'} was sent to ${sentTo}.`);
    });
  }

  return (
    <main className="page" aria-labelledby="delivery-title">
      <h1 id="delivery-title">Delivery of sign-in codes</h1>
      <p>Gatehouse emails or texts a 6-digit code to people who sign in with one. Passwords and tokens given here are kept encrypted and never shown again.</p>
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {view && (
        <>
          <section className="card" aria-labelledby="email-title">
            <h2 id="email-title">Email</h2>
            {view.email ? (
              <p>
                {view.email.host}:{view.email.port} · {TLS_WORDS[view.email.tls]} · from {view.email.from}
                {view.email.user && ` · as ${view.email.user} (password ${view.email.hasPassword ? 'set' : 'none'})`}
              </p>
            ) : (
              <p>Not set up: nobody can sign in with an emailed code.</p>
            )}
            {editing === 'email' ? (
              <SmtpForm onSaved={(v) => saved(v, 'Email settings')} onCancel={() => setEditing(null)} />
            ) : (
              <button type="button" className="secondary" onClick={() => (setNotice(null), setEditing('email'))}>
                {view.email ? 'Change email settings' : 'Set up email'}
              </button>
            )}
          </section>
          <section className="card" aria-labelledby="sms-title">
            <h2 id="sms-title">Texts</h2>
            {view.sms ? (
              <p>
                {view.sms.baseUrl} · account {view.sms.accountId} · from {view.sms.from} · to{' '}
                {view.sms.allowedCountryCodes.length === 0 ? 'no country yet' : view.sms.allowedCountryCodes.map((c) => `+${c}`).join(' ')}
              </p>
            ) : (
              <p>Not set up.</p>
            )}
            <p className="hint">Texts cost money and attract toll fraud: they go only to the country codes listed, and no more than the policy's hourly cap.</p>
            {editing === 'sms' ? (
              <SmsForm onSaved={(v) => saved(v, 'Text settings')} onCancel={() => setEditing(null)} />
            ) : (
              <button type="button" className="secondary" onClick={() => (setNotice(null), setEditing('sms'))}>
                {view.sms ? 'Change text settings' : 'Set up texts'}
              </button>
            )}
          </section>
          <form onSubmit={sendTest} noValidate aria-label="Send a test message">
            <Field
              label="Send a test message to"
              hint="An email address, or a phone number like +15551234567"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <SubmitButton busy={busy} busyLabel="Sending…">
              Send a test message
            </SubmitButton>
          </form>
        </>
      )}
    </main>
  );
}

function SmtpForm({ onSaved, onCancel }: { onSaved: (view: DeliveryView) => void; onCancel: () => void }) {
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [tls, setTls] = useState<SmtpTls>('starttls');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [from, setFrom] = useState('');
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () =>
      onSaved(await guard(() => call(gatehouse().admin.setSmtp({ host, port: Number(port), tls, user: user || null, ...(password ? { password } : {}), from })))),
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Email settings">
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <Field label="SMTP host" value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" spellCheck={false} error={fieldError('host')} />
      <Field label="Port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} autoComplete="off" error={fieldError('port')} />
      <div className="field">
        <label htmlFor="smtp-tls">Encryption</label>
        <select id="smtp-tls" value={tls} onChange={(e) => setTls(e.target.value as SmtpTls)}>
          {(Object.keys(TLS_WORDS) as SmtpTls[]).map((t) => (
            <option key={t} value={t}>
              {TLS_WORDS[t]}
            </option>
          ))}
        </select>
      </div>
      <Field label="User name" hint="Optional" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" spellCheck={false} error={fieldError('user')} />
      <Field
        label="Password"
        hint="Optional; never shown again. Left empty, a password already set for this user stays."
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete="off"
        error={fieldError('password')}
      />
      <Field label="Sender address" type="email" value={from} onChange={(e) => setFrom(e.target.value)} autoComplete="off" spellCheck={false} error={fieldError('from')} />
      <div className="actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save email settings
        </SubmitButton>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SmsForm({ onSaved, onCancel }: { onSaved: (view: DeliveryView) => void; onCancel: () => void }) {
  const [baseUrl, setBaseUrl] = useState('https://api.twilio.com');
  const [accountId, setAccountId] = useState('');
  const [authToken, setAuthToken] = useState('');
  const [from, setFrom] = useState('');
  const [countries, setCountries] = useState('');
  const [countriesError, setCountriesError] = useState<string | null>(null);
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parts = countries
      .split(',')
      .map((c) => c.trim().replace(/^\+/, ''))
      .filter(Boolean);
    if (parts.some((c) => !/^[1-9]\d{0,2}$/.test(c))) return setCountriesError('Write calling codes separated by commas, like 1, 44, 49');
    setCountriesError(null);
    void run(async () => onSaved(await guard(() => call(gatehouse().admin.setSms({ baseUrl, accountId, authToken, from, allowedCountryCodes: parts.map(Number) })))));
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Text settings">
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <Field
        label="Provider base URL"
        hint="https; in the shape of Twilio's Messages API"
        type="url"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        error={fieldError('baseUrl')}
      />
      <Field label="Account ID" value={accountId} onChange={(e) => setAccountId(e.target.value)} autoComplete="off" spellCheck={false} error={fieldError('accountId')} />
      <Field
        label="Auth token"
        hint="Never shown again"
        type="password"
        value={authToken}
        onChange={(e) => setAuthToken(e.target.value)}
        autoComplete="off"
        error={fieldError('authToken')}
      />
      <Field
        label="Sender number"
        hint="International form, like +15551234567"
        type="tel"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        autoComplete="off"
        error={fieldError('from')}
      />
      <Field
        label="Allowed country calling codes"
        hint="Separated by commas, like 1, 44. None: no text is sent."
        value={countries}
        onChange={(e) => setCountries(e.target.value)}
        error={countriesError ?? fieldError('allowedCountryCodes')}
        autoComplete="off"
      />
      <div className="actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save text settings
        </SubmitButton>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
