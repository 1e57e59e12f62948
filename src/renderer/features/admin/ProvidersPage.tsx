import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ProviderView } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { formatDateTime } from '../../format.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';
import { useNote } from '../../ui/messages.js';

function describeDiscovery(p: ProviderView): string {
  switch (p.discovery.state) {
    case 'ok':
      return `Reachable (checked ${formatDateTime(p.discovery.fetchedAt)})`;
    case 'unreachable':
      return `Cannot be reached: ${p.discovery.problem} (${formatDateTime(p.discovery.at)})`;
    case 'unknown':
      return 'Not checked yet';
  }
}

const FIELDS = ['name', 'issuer', 'clientId', 'clientSecret', 'scopes', 'emailClaim', 'mfaAcr'];

/** OpenID Connect providers people may sign in with: what each is, whether it answers, and adding or removing one. */
export function ProvidersPage() {
  const [providers, setProviders] = useState<ProviderView[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ProviderView | null>(null);
  const [notice, setNotice] = useNote();
  const { busy, error, setError, run } = useAction();
  const { guard, dialog } = useStepUp();

  const load = useCallback(() => {
    call(gatehouse().admin.providers({})).then(setProviders, (e: unknown) => setError(errorMessage(e)));
  }, [setError]);
  useEffect(() => load(), [load]);

  const test = (name: string) =>
    run(async () => {
      setNotice(null);
      try {
        await call(gatehouse().admin.testProvider({ name }));
        setNotice(`${name} can be reached.`);
      } finally {
        load();
      }
    });

  const remove = (p: ProviderView) =>
    run(async () => {
      setNotice(null);
      setProviders(await guard(() => call(gatehouse().admin.removeProvider({ name: p.name, unlinkAll: p.linkedIdentities > 0 }))));
      setNotice(`Removed ${p.name}.`);
    });

  return (
    <main className="page" aria-labelledby="providers-title">
      <h1 id="providers-title">Sign-in providers</h1>
      <p>People can sign in with these OpenID Connect providers, in their browser. Password and passkey sign-in keep working when a provider cannot be reached.</p>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {adding ? (
        <AddProviderForm
          onAdded={(p) => {
            setAdding(false);
            setNotice(`Added ${p.name}. Test it to check that it can be reached.`);
            load();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="primary" onClick={() => (setNotice(null), setAdding(true))}>
          Add a provider
        </button>
      )}
      {providers && providers.length === 0 && <p>No providers yet.</p>}
      {providers && providers.length > 0 && (
        <ul className="rows" aria-label="Providers">
          {providers.map((p) => (
            <li key={p.name} className="row">
              <span>
                <strong>{p.name}</strong> <span className="hint">· {p.issuer}</span>
                {p.insecureLoopbackIssuer && <span className="badge badge--muted"> development only</span>}
                <br />
                <span className="hint">
                  Client {p.clientId} · {p.hasClientSecret ? 'secret set' : 'public client'} · {p.allowRegistration ? 'may create accounts' : 'existing accounts only'} ·{' '}
                  {p.trustMfa ? 'its two-step trusted' : 'its two-step not relied on'} · {p.linkedIdentities} linked
                </span>
                <br />
                <span className="hint">{describeDiscovery(p)}</span>
              </span>
              <span className="row-actions">
                <button type="button" className="secondary small" disabled={busy} aria-label={`Test ${p.name}`} onClick={() => void test(p.name)}>
                  Test
                </button>
                <button type="button" className="secondary small" disabled={busy} aria-label={`Remove ${p.name}`} onClick={() => setRemoving(p)}>
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const p = removing;
            setRemoving(null);
            void remove(p);
          }}
        >
          <p>
            Nobody will be able to sign in with {removing.name}.
            {removing.linkedIdentities > 0 &&
              ` ${removing.linkedIdentities} account${removing.linkedIdentities === 1 ? ' is' : 's are'} linked to it and will be unlinked. Gatehouse refuses while it is someone's only way in.`}
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}

function AddProviderForm({ onAdded, onCancel }: { onAdded: (p: ProviderView) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState('openid email profile');
  const [emailClaim, setEmailClaim] = useState('email');
  const [allowRegistration, setAllowRegistration] = useState(false);
  const [insecure, setInsecure] = useState(false);
  const [trustMfa, setTrustMfa] = useState(false);
  const [mfaAcr, setMfaAcr] = useState('');
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () =>
      onAdded(
        await guard(() =>
          call(
            gatehouse().admin.addProvider({
              name,
              issuer,
              clientId,
              clientSecret,
              scopes,
              emailClaim,
              allowRegistration,
              dangerouslyAllowInsecureLoopbackIssuer: insecure,
              trustMfa,
              ...(trustMfa && mfaAcr.trim() ? { mfaAcr } : {}),
            }),
          ),
        ),
      ),
    );
  }

  return (
    <section className="card" aria-labelledby="add-provider-title">
      <h2 id="add-provider-title">Add a provider</h2>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <Field
          label="Name"
          hint="As its button shows it: “Continue with …”"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          maxLength={NAME_LIMITS.provider}
          error={fieldError('name')}
        />
        <Field
          label="Issuer URL"
          hint="https only"
          type="url"
          spellCheck={false}
          value={issuer}
          onChange={(e) => setIssuer(e.target.value)}
          autoComplete="off"
          error={fieldError('issuer')}
        />
        <Field label="Client ID" spellCheck={false} value={clientId} onChange={(e) => setClientId(e.target.value)} autoComplete="off" error={fieldError('clientId')} />
        <Field
          label="Client secret"
          hint="Optional: most providers treat a desktop app as a public client. Kept encrypted, never shown again."
          type="password"
          value={clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
          autoComplete="off"
          error={fieldError('clientSecret')}
        />
        <Field label="Scopes" spellCheck={false} value={scopes} onChange={(e) => setScopes(e.target.value)} autoComplete="off" error={fieldError('scopes')} />
        <Field
          label="Email claim"
          hint="The claim that gives the person's email address"
          spellCheck={false}
          value={emailClaim}
          onChange={(e) => setEmailClaim(e.target.value)}
          autoComplete="off"
          error={fieldError('emailClaim')}
        />
        <div className="checkbox">
          <input id="allow-registration" type="checkbox" checked={allowRegistration} onChange={(e) => setAllowRegistration(e.target.checked)} />
          <label htmlFor="allow-registration">May create accounts for people who have none here (with a verified email)</label>
        </div>
        <div className="checkbox">
          <input id="trust-mfa" type="checkbox" checked={trustMfa} onChange={(e) => setTrustMfa(e.target.checked)} aria-describedby="trust-mfa-why" />
          <label htmlFor="trust-mfa">Trust its two-step sign-in as a second factor here</label>
        </div>
        <p className="hint" id="trust-mfa-why">
          When the provider says it used two factors (amr “mfa”, or one of the acr values below), Gatehouse asks for no second factor of its own. Only for a provider whose two-step
          sign-in you know and trust.
        </p>
        {trustMfa && (
          <Field
            label="acr values that mean two-step"
            hint="Optional, separated by spaces: the provider's names for its two-step level."
            spellCheck={false}
            value={mfaAcr}
            onChange={(e) => setMfaAcr(e.target.value)}
            autoComplete="off"
            error={fieldError('mfaAcr')}
          />
        )}
        <div className="checkbox">
          <input id="insecure-issuer" type="checkbox" checked={insecure} onChange={(e) => setInsecure(e.target.checked)} />
          <label htmlFor="insecure-issuer">Allow a plain-http issuer on this computer (development only: unsafe)</label>
        </div>
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Adding…">
            Add provider
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
