import { useState, type FormEvent } from 'react';
import type { EmergencyKitView, SignInResult } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { TEXT_LIMITS } from '../../../shared/input-problems.js';
import { EmergencyKit } from '../admin/EmergencyKit.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { ConfirmPassword, NewPassword } from '../../ui/NewPassword.js';
import { useAction } from '../../ui/useAction.js';
import { call, gatehouse } from '../../gatehouse.js';
import { Screen } from '../../ui/Screen.js';

const FIELDS = ['email', 'displayName', 'password'];

/** The first run: the first account is the administrator of this machine's Gatehouse. */
export function FirstRun({ onResult }: { onResult: (result: SignInResult) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const [submits, setSubmits] = useState(0);
  const [kit, setKit] = useState<{ kit: EmergencyKitView; result: SignInResult } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    await run(async () => {
      const result = await call(gatehouse().setup.createAdmin({ email, displayName: name, password }));
      if (result.kind !== 'success') return onResult(result);
      // The administrator is signed in: now the emergency kit, before anything else.
      const made = await call(gatehouse().admin.createEmergencyKit({})).catch(() => null);
      if (made) setKit({ kit: made, result });
      else onResult(result);
    });
  }

  if (kit) {
    return (
      <main className="page narrow-page" aria-labelledby="kit-title">
        <EmergencyKit kit={kit.kit} onDone={() => onResult(kit.result)} />
      </main>
    );
  }

  return (
    <Screen labelledBy="first-run-title">
      <h1 id="first-run-title">Set up Gatehouse</h1>
      <p>
        Create the first account. It will be the <strong>administrator</strong> of Gatehouse on this computer: it can add and manage the other accounts.
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <Field
          label="Email address"
          type="email"
          name="email"
          autoComplete="username"
          spellCheck={false}
          autoCapitalize="none"
          required
          maxLength={TEXT_LIMITS.email}
          error={fieldError('email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Your name"
          hint="Optional. Shown in Gatehouse only."
          name="name"
          autoComplete="name"
          maxLength={NAME_LIMITS.displayName}
          error={fieldError('displayName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <NewPassword label="Password" value={password} onChange={setPassword} email={email} hideSignal={submits} error={fieldError('password')} />
        <ConfirmPassword label="Confirm password" value={confirm} onChange={setConfirm} mismatch={mismatch} hideSignal={submits} />
        <SubmitButton busy={busy} busyLabel="Creating your account…">
          Create administrator account
        </SubmitButton>
      </form>
    </Screen>
  );
}
