import { useEffect, useReducer, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../shared/index.js';
import { describeAmr, listInWords } from '../../../shared/outcomes.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { TwoStepSection } from '../factors/TwoStepSection.js';
import { PasskeysSection } from '../factors/PasskeysSection.js';
import { IdentitiesSection } from './IdentitiesSection.js';
import { ContactsSection } from './ContactsSection.js';
import { SetPasswordForm } from './SetPasswordForm.js';
import { useAction } from '../../ui/useAction.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { formatDateTime, formatMinutes } from '../../format.js';
import { useNote } from '../../ui/messages.js';

export function AccountPage() {
  const { session, onSessionChange } = useSession();
  const [account, setAccount] = useState<AccountView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  // A passkey or an authenticator app added or removed in one section changes what the other says.
  const [factorsVersion, factorsChanged] = useReducer((n: number) => n + 1, 0);
  const [saved, setSaved] = useNote();

  const load = () =>
    call(gatehouse().account.get({}))
      .then(setAccount)
      .catch((e) => setError(errorMessage(e)));
  useEffect(() => {
    void load();
  }, []);

  return (
    <main className="page" aria-labelledby="account-title">
      <h1 id="account-title">My account</h1>
      <ErrorMessage>{error}</ErrorMessage>
      {saved && <Notice>{saved}</Notice>}
      {account && (
        <>
          <ProfileSection
            account={account}
            onSaved={(updated) => {
              setAccount(updated);
              onSessionChange({ ...session, displayName: updated.displayName });
              setSaved('Your name was saved.');
            }}
            onContactChanged={(updated, message) => {
              setAccount(updated);
              onSessionChange({ ...session, email: updated.email });
              setSaved(message);
            }}
          />
          <section className="card" aria-labelledby="security-title">
            <h2 id="security-title">Security</h2>
            <h3>Password</h3>
            {!account.hasPassword ? (
              <p>This account has no password: you sign in another way (a code by email or text, a provider or a passkey).</p>
            ) : (
              <p>
                Last changed {formatDateTime(account.passwordChangedAt)}.{account.passwordExpiresAt !== null && <> It expires {formatDateTime(account.passwordExpiresAt)}.</>}
              </p>
            )}
            {!account.hasPassword && changing ? (
              <SetPasswordForm
                onDone={() => {
                  setChanging(false);
                  setSaved('Your password was set. You can sign in with it too.');
                  void load();
                }}
                onCancel={() => setChanging(false)}
              />
            ) : !account.hasPassword ? (
              <button type="button" className="secondary" onClick={() => (setSaved(null), setChanging(true))}>
                Set a password
              </button>
            ) : changing ? (
              <ChangePasswordForm
                onDone={() => {
                  setChanging(false);
                  setSaved('Your password was changed.');
                  void load();
                }}
                onCancel={() => setChanging(false)}
              />
            ) : (
              <button type="button" className="secondary" onClick={() => (setSaved(null), setChanging(true))}>
                Change password
              </button>
            )}
            <PasskeysSection hasPassword={account.hasPassword} email={account.email} onChanged={factorsChanged} />
            <IdentitiesSection />
            <TwoStepSection email={account.email} required={account.mfaRequired} refresh={factorsVersion} onChanged={factorsChanged} />
            <h3>This session</h3>
            <p>
              Signed in {formatDateTime(session.authTime)} with {describeAmr(session.amr, session.viaProvider?.provider)}. Gatehouse locks after {formatMinutes(session.idleLockMs)}{' '}
              without activity, and when your computer's screen locks.
            </p>
            {session.viaProvider && session.viaProvider.amr.length > 0 && (
              <p className="hint">
                {session.viaProvider.provider} says it signed you in with: {listInWords(session.viaProvider.amr.map((m) => PROVIDER_AMR[m] ?? m))}.
              </p>
            )}
          </section>
        </>
      )}
    </main>
  );
}

function ProfileSection({
  account,
  onSaved,
  onContactChanged,
}: {
  account: AccountView;
  onSaved: (a: AccountView) => void;
  onContactChanged: (a: AccountView, message: string) => void;
}) {
  const [name, setName] = useState(account.displayName);
  const { busy, error, run } = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onSaved(await call(gatehouse().account.rename({ displayName: name }))));
  }
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <dl className="facts">
        <dt>Role</dt>
        <dd>{account.isAdmin ? 'Administrator' : 'User'}</dd>
        <dt>Member since</dt>
        <dd>{formatDateTime(account.createdAt)}</dd>
      </dl>
      <ContactsSection account={account} onChanged={onContactChanged} />
      <form onSubmit={submit} noValidate className="inline-form">
        <Field label="Name" name="displayName" autoComplete="name" maxLength={NAME_LIMITS.displayName} value={name} onChange={(e) => setName(e.target.value)} error={error} />
        <SubmitButton busy={busy} busyLabel="Saving…" disabled={name === account.displayName}>
          Save name
        </SubmitButton>
      </form>
    </section>
  );
}

/** A provider's own amr values (RFC 8176), which may be any of the registry's. */
const PROVIDER_AMR: Record<string, string> = {
  pwd: 'password',
  otp: 'one-time code',
  sms: 'texted code',
  mfa: 'two-step verification',
  hwk: 'hardware key',
  swk: 'software key',
  user: 'user presence check',
  pin: 'PIN',
  fpt: 'fingerprint',
  face: 'face recognition',
};
