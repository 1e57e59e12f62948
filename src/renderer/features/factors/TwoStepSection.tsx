import { useCallback, useEffect, useState } from 'react';
import type { AccountView, SecondFactorsView } from '../../../shared/index.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice } from '../../ui/Feedback.js';
import { RecoveryCodes } from './RecoveryCodes.js';
import { useStepUp } from './StepUp.js';
import { useSession } from '../../app/session.js';
import { TotpSetup } from './TotpSetup.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useAction } from '../../ui/useAction.js';
import { formatDateTime } from '../../format.js';
import { useNote } from '../../ui/messages.js';

/** Recovery codes left at which the page warns: below 3 (README, "Two-step verification"). */
const LOW_CODES = 3;

const REQUIRED_WORDS: Record<NonNullable<AccountView['mfaRequired']>, string> = {
  everyone: 'Your administrator requires two-step verification for every account on this computer.',
  administrators: 'Your administrator requires two-step verification for administrators, and this account is one.',
  this_account: 'An administrator requires two-step verification for your account.',
};

export function TwoStepSection({ email, required, refresh, onChanged }: { email: string; required: AccountView['mfaRequired']; refresh: number; onChanged: () => void }) {
  const [factors, setFactors] = useState<SecondFactorsView | null>(null);
  const [adding, setAdding] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'remove'; name: string } | { kind: 'regenerate' } | null>(null);
  const { error, setError, run } = useAction();
  const [notice, setNotice] = useNote();
  const { guard, dialog } = useStepUp();
  const { dismissCodesLeft } = useSession();

  const load = useCallback(
    () =>
      call(gatehouse().account.secondFactors({}))
        .then(setFactors)
        .catch((e) => setError(errorMessage(e))),
    [setError],
  );
  useEffect(() => {
    void load();
  }, [load, refresh]);

  /** A sensitive change: verified first when main asks (useStepUp), its failure said once. */
  function act(work: () => Promise<void>) {
    setNotice(null);
    return run(() => guard(work));
  }

  function onConfirm() {
    const what = confirm;
    setConfirm(null);
    if (what?.kind === 'remove') {
      void act(async () => {
        setFactors(await call(gatehouse().account.totpRemove({ name: what.name })));
        onChanged();
        setNotice(`Removed the authenticator app “${what.name}”. Remember to delete Gatehouse from that app too.`);
      });
    }
    if (what?.kind === 'regenerate') {
      void act(async () => {
        setCodes((await call(gatehouse().account.regenerateRecoveryCodes({}))).recoveryCodes);
        // The "codes left" banner is about the old codes: it goes with them.
        dismissCodesLeft();
      });
    }
  }

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        email={email}
        onDone={() => {
          setCodes(null);
          void load();
          // The codes are put away: the focus goes to the section they belong to.
          requestAnimationFrame(() => document.getElementById('recovery-codes-title')?.focus());
        }}
      />
    );
  }
  if (!factors) return <ErrorMessage>{error}</ErrorMessage>;
  const apps = factors.authenticators.length > 0;
  const on = apps || factors.passkeys > 0;
  const last = factors.authenticators.length === 1;
  return (
    <div className="two-step">
      <h3>Two-step verification</h3>
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {dialog}
      <p>
        {apps
          ? `On. After your password, Gatehouse asks for a code from your authenticator app${factors.passkeys > 0 ? ' or a passkey' : ''}.`
          : on
            ? 'On. After your password, Gatehouse asks for one of your passkeys.'
            : 'Off. Add an authenticator app or a passkey so that a stolen password is not enough to get into your account.'}
      </p>
      {required && <p className="hint">{REQUIRED_WORDS[required]} You cannot remove your last second factor.</p>}
      {apps && (
        <ul className="rows" aria-label="Authenticator apps">
          {factors.authenticators.map((a) => (
            <li key={a.name} className="row">
              <span>
                <strong>Authenticator app · {a.name}</strong>
                <span className="hint">
                  {' '}
                  Added {formatDateTime(a.addedAt)} · Last used {formatDateTime(a.lastUsedAt)}
                </span>
              </span>
              <button type="button" className="secondary small" aria-label={`Remove ${a.name}`} onClick={() => setConfirm({ kind: 'remove', name: a.name })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <TotpSetup
          begin={(name) => guard(() => call(gatehouse().account.totpBegin({ name }))).then((value) => ({ ok: true as const, value }))}
          confirm={async (name, code) => {
            const { recoveryCodes } = await call(gatehouse().account.totpConfirm({ name, code }));
            setAdding(false);
            setNotice(`Added the authenticator app “${name}”.`);
            if (recoveryCodes) setCodes(recoveryCodes);
            else void load();
            onChanged();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" className="secondary" onClick={() => (setNotice(null), setAdding(true))}>
          Add authenticator app
        </button>
      )}
      {on && (
        <>
          <h3 id="recovery-codes-title" tabIndex={-1}>
            Recovery codes
          </h3>
          <p>
            {factors.recoveryCodesRemaining} of 10 left. Use one when you can't use your{' '}
            {apps && factors.passkeys > 0 ? 'authenticator app or passkey' : apps ? 'authenticator app' : 'passkey'} (they are also called backup codes).
          </p>
          {factors.recoveryCodesRemaining < LOW_CODES && (
            <div className="alert alert--warn" role="status">
              {factors.recoveryCodesRemaining === 0
                ? 'You have no recovery codes left.'
                : `Only ${factors.recoveryCodesRemaining} recovery code${factors.recoveryCodesRemaining === 1 ? '' : 's'} left.`}{' '}
              Generate new ones so you don't get locked out.
            </div>
          )}
          <button type="button" className="secondary" onClick={() => setConfirm({ kind: 'regenerate' })}>
            Generate new codes
          </button>
        </>
      )}
      {confirm?.kind === 'remove' && (
        <ConfirmDialog title={`Remove “${confirm.name}”?`} confirmLabel="Remove" danger onConfirm={onConfirm} onCancel={() => setConfirm(null)}>
          <p>Your account may be less secure.</p>
          <p>
            {last
              ? 'This is your only authenticator app: two-step verification will be off, and your recovery codes will stop working. You will sign in with your password alone.'
              : 'You can still use your other authenticator apps.'}
          </p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'regenerate' && (
        <ConfirmDialog title="Generate new recovery codes?" confirmLabel="Generate new codes" onConfirm={onConfirm} onCancel={() => setConfirm(null)}>
          <p>Your old codes will stop working.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
