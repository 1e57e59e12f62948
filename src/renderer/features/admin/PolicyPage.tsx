import { useEffect, useState, type FormEvent } from 'react';
import type { PasswordHashing, Policy } from '../../../shared/index.js';
import { DEFAULT_PASSWORD_HASHING } from '../../../shared/password-hashing.js';
import { ErrorMessage, Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useAction } from '../../ui/useAction.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { useStepUp } from '../factors/StepUp.js';
import { useNote } from '../../ui/messages.js';

type NumberKey = { [K in keyof Policy]: Policy[K] extends number ? K : never }[keyof Policy];

interface NumberSetting {
  key: NumberKey | 'passwordMaxAgeDays' | 'auditRetentionDays';
  label: string;
  hint?: string;
  /** May be left empty: empty means off. */
  optional?: true;
}

/** The settings in the groups an administrator looks for them in. */
const GROUPS: { title: string; numbers: NumberSetting[] }[] = [
  {
    title: 'Passwords',
    numbers: [
      { key: 'passwordMinLength', label: 'Minimum password length', hint: 'When a password can be the only factor. NIST recommends at least 15.' },
      { key: 'passwordMinLengthWithMfa', label: 'Minimum length with two-step verification', hint: 'For accounts that must use a second factor. At least 8.' },
      { key: 'passwordMaxLength', label: 'Maximum password length', hint: 'At least 64, so that passphrases and password managers work.' },
      { key: 'passwordHistory', label: 'Previous passwords that cannot be reused', hint: '0 turns the check off.' },
      { key: 'passwordMaxAgeDays', label: 'Password maximum age, in days', hint: 'Leave empty for no expiry (recommended).', optional: true },
    ],
  },
  {
    title: 'Sign-in limits',
    numbers: [
      { key: 'throttleMaxFailures', label: 'Failed attempts before a temporary lock', hint: 'Counted per account.' },
      { key: 'throttleWindowMinutes', label: '… within this many minutes' },
      { key: 'throttleBlockMinutes', label: 'Temporary lock, in minutes' },
      { key: 'lockoutAfterFailures', label: 'Failures in a row before only an administrator can unlock' },
    ],
  },
  {
    title: 'Emailed and texted codes',
    numbers: [
      { key: 'otpLifetimeMinutes', label: 'An emailed or texted code works for this many minutes', hint: 'At most 10.' },
      { key: 'smsHourlyCap', label: 'Texts sent per hour, at most', hint: 'All people together: a stop on toll fraud. 0 sends none.' },
    ],
  },
  {
    title: 'Sessions and records',
    numbers: [
      { key: 'idleLockMinutes', label: 'Lock Gatehouse after this many idle minutes' },
      {
        key: 'auditRetentionDays',
        label: 'Keep the audit trail for this many days',
        hint: 'Leave empty to keep every entry (the default). Older entries are removed once a day.',
        optional: true,
      },
    ],
  },
];
const NUMBERS = GROUPS.flatMap((g) => g.numbers);
/** Argon2id's parameters: three numbers sent together, or none (Gatehouse's default). */
const HASHING: { key: keyof PasswordHashing; label: string; hint: string }[] = [
  { key: 'memoryMiB', label: 'Memory, in MiB', hint: "At least 19 (OWASP's minimum)." },
  { key: 'iterations', label: 'Passes', hint: 'At least 2.' },
  { key: 'parallelism', label: 'Lanes', hint: 'Threads one hash uses: up to the number of cores.' },
];
const FIELDS = [...NUMBERS.map((n) => n.key), ...HASHING.map((h) => h.key)];

/** What a number field holds, or why it cannot be sent: checked here so that a typo never reaches main as NaN. */
function readNumber(optional: boolean, text: string): { value: number | null } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return optional ? { value: null } : { problem: 'Enter a number.' };
  if (!/^\d+$/.test(trimmed)) return { problem: 'Enter a whole number, in digits.' };
  return { value: Number(trimmed) };
}

export function PolicyPage() {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [composition, setComposition] = useState(false);
  const [autoRegister, setAutoRegister] = useState(true);
  const [smsSecondFactor, setSmsSecondFactor] = useState(false);
  const [requireMfa, setRequireMfa] = useState<Policy['requireMfa']>('none');
  const [defaultHashing, setDefaultHashing] = useState(true);
  const [hashing, setHashing] = useState<Record<string, string>>({});
  const [typos, setTypos] = useState<Record<string, string>>({});
  const { busy, error, setError, fieldError, run } = useAction(FIELDS);
  const [saved, setSaved] = useNote<true>();
  const { guard, dialog } = useStepUp();

  function show(p: Policy) {
    setPolicy(p);
    setDraft(Object.fromEntries(NUMBERS.map(({ key }) => [key, p[key] === null ? '' : String(p[key])])));
    setComposition(p.passwordComposition);
    setAutoRegister(p.otpAutoRegister);
    setSmsSecondFactor(p.smsSecondFactor);
    setRequireMfa(p.requireMfa);
    setDefaultHashing(p.passwordHashing === null);
    const shown = p.passwordHashing ?? DEFAULT_PASSWORD_HASHING;
    setHashing(Object.fromEntries(HASHING.map(({ key }) => [key, String(shown[key])])));
  }
  useEffect(() => {
    call(gatehouse().admin.getPolicy({}))
      .then(show)
      .catch((e) => setError(errorMessage(e)));
  }, [setError]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const read = NUMBERS.map((setting) => [setting.key, readNumber(setting.optional === true, draft[setting.key] ?? '')] as const);
    const hashingRead = defaultHashing ? [] : HASHING.map(({ key }) => [key, readNumber(false, hashing[key] ?? '')] as const);
    const problems = Object.fromEntries([...read, ...hashingRead].flatMap(([key, r]) => ('problem' in r ? [[key, r.problem]] : [])));
    setTypos(problems);
    if (Object.keys(problems).length > 0) return;
    const numbers = Object.fromEntries(read.map(([key, r]) => [key, 'value' in r ? r.value : null]));
    await run(async () => {
      const passwordHashing = defaultHashing ? null : (Object.fromEntries(hashingRead.map(([key, r]) => [key, 'value' in r ? r.value : null])) as PasswordHashing);
      const change = { ...numbers, passwordHashing, passwordComposition: composition, otpAutoRegister: autoRegister, smsSecondFactor, requireMfa } as Policy;
      show(await guard(() => call(gatehouse().admin.updatePolicy(change))));
      setSaved(true);
    });
  }

  /** A number typed as text (checked by readNumber), from one of the two drafts: the settings, or the hashing parameters. */
  const numberField = ({ key, label, hint }: { key: string; label: string; hint?: string }, values: Record<string, string>, setValues: (next: Record<string, string>) => void) => (
    <Field
      key={key}
      label={label}
      hint={hint}
      type="text"
      inputMode="numeric"
      value={values[key] ?? ''}
      onChange={(e) => (setValues({ ...values, [key]: e.target.value }), setSaved(null))}
      error={typos[key] ?? fieldError(key)}
    />
  );
  const group = (title: string) => GROUPS.find((g) => g.title === title)!.numbers.map((setting) => numberField(setting, draft, setDraft));

  return (
    <main className="page" aria-labelledby="policy-title">
      <h1 id="policy-title">Password and sign-in policy</h1>
      <p>The defaults follow NIST SP 800-63B: long passwords, a list of common passwords that are refused, no composition rules and no forced rotation.</p>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {saved && <Notice>The policy was saved. It applies to new passwords and the next sign-ins.</Notice>}
      {policy && (
        <form onSubmit={submit} noValidate className="card policy-form">
          <fieldset>
            <legend>Passwords</legend>
            {group('Passwords')}
            <div className="checkbox">
              <input id="composition" type="checkbox" checked={composition} onChange={(e) => setComposition(e.target.checked)} />
              <label htmlFor="composition">Composition rules: require three of lower case, upper case, digits and symbols (not recommended)</label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Password hashing</legend>
            <p className="hint" id="hashing-why">
              Argon2id. More memory and passes make every guess at a stolen password cost more, and every sign-in take longer. &quot;gatehouse policy calibrate --target-ms
              500&quot; measures this computer and proposes the strongest that takes half a second. Stored passwords follow at their next sign-in.
            </p>
            <div className="checkbox">
              <input id="default-hashing" type="checkbox" checked={defaultHashing} onChange={(e) => setDefaultHashing(e.target.checked)} aria-describedby="hashing-why" />
              <label htmlFor="default-hashing">
                Gatehouse&apos;s default ({DEFAULT_PASSWORD_HASHING.memoryMiB} MiB, {DEFAULT_PASSWORD_HASHING.iterations} passes, {DEFAULT_PASSWORD_HASHING.parallelism} lanes)
              </label>
            </div>
            {!defaultHashing && HASHING.map((setting) => numberField(setting, hashing, setHashing))}
          </fieldset>
          <fieldset>
            <legend>Sign-in limits</legend>
            {group('Sign-in limits')}
          </fieldset>
          <fieldset>
            <legend>Two-step verification</legend>
            <div className="field">
              <label htmlFor="require-mfa">Two-step verification is required for</label>
              <select id="require-mfa" value={requireMfa} onChange={(e) => setRequireMfa(e.target.value as Policy['requireMfa'])}>
                <option value="none">Nobody</option>
                <option value="admins">Administrators</option>
                <option value="all">Everyone</option>
              </select>
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
          </fieldset>
          <fieldset>
            <legend>Emailed and texted codes</legend>
            {group('Emailed and texted codes')}
            <div className="checkbox">
              <input id="otp-auto-register" type="checkbox" checked={autoRegister} onChange={(e) => setAutoRegister(e.target.checked)} />
              <label htmlFor="otp-auto-register">A code emailed to an address with no account makes one (without a password)</label>
            </div>
          </fieldset>
          <fieldset>
            <legend>Sessions and records</legend>
            {group('Sessions and records')}
          </fieldset>
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save policy
          </SubmitButton>
        </form>
      )}
    </main>
  );
}
