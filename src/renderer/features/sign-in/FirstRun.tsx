import { useState, type FormEvent } from 'react';
import type { SignInResult } from '../../../shared/index.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { NewPassword } from '../../ui/NewPassword.js';
import { useAction } from '../../ui/useAction.js';
import { call, gatehouse } from '../../gatehouse.js';

/** The first run: the first account is the administrator of this machine's Gatehouse. */
export function FirstRun({ onResult }: { onResult: (result: SignInResult) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const [submits, setSubmits] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmits((n) => n + 1);
    await run(async () => onResult(await call(gatehouse().setup.createAdmin({ email, displayName: name, password }))));
  }

  return (
    <main className="card narrow" aria-labelledby="first-run-title">
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
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field label="Your name" hint="Optional. Shown in Gatehouse only." name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        <NewPassword label="Password" value={password} onChange={setPassword} email={email} hideSignal={submits} />
        <SubmitButton busy={busy} busyLabel="Creating your account…">
          Create administrator account
        </SubmitButton>
      </form>
    </main>
  );
}
