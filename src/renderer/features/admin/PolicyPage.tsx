import { useEffect, useState, type FormEvent } from 'react';
import type { Policy } from '../../../shared/index.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useStepUp } from '../factors/StepUp.js';

type NumberKey = { [K in keyof Policy]: Policy[K] extends number ? K : never }[keyof Policy];

const NUMBERS: { key: NumberKey; label: string; hint: string }[] = [
  { key: 'passwordMinLength', label: 'Minimum password length', hint: 'When a password can be the only factor. NIST recommends at least 15.' },
  { key: 'passwordMinLengthWithMfa', label: 'Minimum length with two-step verification', hint: 'For accounts that must use a second factor. At least 8.' },
  { key: 'passwordMaxLength', label: 'Maximum password length', hint: 'At least 64, so that passphrases and password managers work.' },
  { key: 'passwordHistory', label: 'Previous passwords that cannot be reused', hint: '0 turns the check off.' },
  { key: 'throttleMaxFailures', label: 'Failed attempts before a temporary lock', hint: 'Counted per account.' },
  { key: 'throttleWindowMinutes', label: '… within this many minutes', hint: '' },
  { key: 'throttleBlockMinutes', label: 'Temporary lock, in minutes', hint: '' },
  { key: 'lockoutAfterFailures', label: 'Failures in a row before only an administrator can unlock', hint: '' },
  { key: 'idleLockMinutes', label: 'Lock Gatehouse after this many idle minutes', hint: '' },
  { key: 'otpLifetimeMinutes', label: 'An emailed or texted code works for this many minutes', hint: 'At most 10.' },
  { key: 'smsHourlyCap', label: 'Texts sent per hour, at most', hint: 'All people together: a stop on toll fraud. 0 sends none.' },
];

/** An empty field means "off". */
const optionalDays = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function PolicyPage() {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [composition, setComposition] = useState(false);
  const [autoRegister, setAutoRegister] = useState(true);
  const [smsSecondFactor, setSmsSecondFactor] = useState(false);
  const [requireMfa, setRequireMfa] = useState<Policy['requireMfa']>('none');
  const [maxAge, setMaxAge] = useState('');
  const [retention, setRetention] = useState('');
  const { busy, error, setError, run } = useAction();
  const [saved, setSaved] = useState(false);
  const { guard, dialog } = useStepUp();

  function show(p: Policy) {
    setPolicy(p);
    setDraft(Object.fromEntries(NUMBERS.map(({ key }) => [key, String(p[key])])));
    setComposition(p.passwordComposition);
    setAutoRegister(p.otpAutoRegister);
    setSmsSecondFactor(p.smsSecondFactor);
    setRequireMfa(p.requireMfa);
    setMaxAge(p.passwordMaxAgeDays === null ? '' : String(p.passwordMaxAgeDays));
    setRetention(p.auditRetentionDays === null ? '' : String(p.auditRetentionDays));
  }
  useEffect(() => {
    call(gatehouse().admin.getPolicy({}))
      .then(show)
      .catch((e) => setError(errorMessage(e)));
  }, [setError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    await run(async () => {
      const numbers = Object.fromEntries(NUMBERS.map(({ key }) => [key, Number(draft[key])]));
      const change = {
        ...numbers,
        passwordComposition: composition,
        otpAutoRegister: autoRegister,
        smsSecondFactor,
        requireMfa,
        passwordMaxAgeDays: optionalDays(maxAge),
        auditRetentionDays: optionalDays(retention),
      };
      show(await guard(() => call(gatehouse().admin.updatePolicy(change))));
      setSaved(true);
    });
  }

  return (
    <main className="page" aria-labelledby="policy-title">
      <h1 id="policy-title">Password and sign-in policy</h1>
      <p>The defaults follow NIST SP 800-63B: long passwords, a list of common passwords that are refused, no composition rules and no forced rotation.</p>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {saved && <Notice>The policy was saved. It applies to new passwords and the next sign-ins.</Notice>}
      {policy && (
        <form onSubmit={submit} noValidate className="card">
          {NUMBERS.map(({ key, label, hint }) => (
            <Field
              key={key}
              label={label}
              hint={hint || undefined}
              type="text"
              inputMode="numeric"
              value={draft[key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            />
          ))}
          <Field
            label="Password maximum age, in days"
            hint="Leave empty for no expiry (recommended)."
            type="text"
            inputMode="numeric"
            value={maxAge}
            onChange={(e) => setMaxAge(e.target.value)}
          />
          <Field
            label="Keep the audit trail for this many days"
            hint="Leave empty to keep every entry (the default). Older entries are removed once a day."
            type="text"
            inputMode="numeric"
            value={retention}
            onChange={(e) => setRetention(e.target.value)}
          />
          <div className="field">
            <label htmlFor="require-mfa">Two-step verification is required for</label>
            <select id="require-mfa" value={requireMfa} onChange={(e) => setRequireMfa(e.target.value as Policy['requireMfa'])}>
              <option value="none">Nobody</option>
              <option value="admins">Administrators</option>
              <option value="all">Everyone</option>
            </select>
          </div>
          <div className="checkbox">
            <input id="composition" type="checkbox" checked={composition} onChange={(e) => setComposition(e.target.checked)} />
            <label htmlFor="composition">Composition rules: require three of lower case, upper case, digits and symbols (not recommended)</label>
          </div>
          <div className="checkbox">
            <input id="otp-auto-register" type="checkbox" checked={autoRegister} onChange={(e) => setAutoRegister(e.target.checked)} />
            <label htmlFor="otp-auto-register">A code emailed to an address with no account makes one (without a password)</label>
          </div>
          <div className="checkbox">
            <input
              id="sms-second-factor"
              type="checkbox"
              checked={smsSecondFactor}
              onChange={(e) => setSmsSecondFactor(e.target.checked)}
              aria-describedby="sms-second-factor-why"
            />
            <label htmlFor="sms-second-factor">A verified phone may serve as a second factor</label>
          </div>
          <p className="hint" id="sms-second-factor-why">
            Off by default: NIST SP 800-63B restricts texted codes, because a phone number can be taken over (SIM swap) and texts can be intercepted. An authenticator app or a
            passkey is stronger.
          </p>
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save policy
          </SubmitButton>
        </form>
      )}
    </main>
  );
}
