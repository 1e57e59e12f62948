import { useState, type FormEvent } from 'react';
import type { AccountView } from '../../../shared/index.js';
import { NAME_LIMITS } from '../../../shared/names.js';
import { TEXT_LIMITS } from '../../../shared/input-problems.js';
import { ErrorMessage, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { NewPassword } from '../../ui/NewPassword.js';
import { useAction } from '../../ui/useAction.js';
import { call, gatehouse } from '../../gatehouse.js';
import { useStepUp } from '../factors/StepUp.js';

const FIELDS = ['email', 'displayName', 'password'];

export function AddAccountForm({ onCreated, onCancel }: { onCreated: (a: AccountView) => void; onCancel: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [mustChange, setMustChange] = useState(true);
  const { busy, error, fieldError, run } = useAction(FIELDS);
  const { guard, dialog } = useStepUp();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => onCreated(await guard(() => call(gatehouse().admin.createAccount({ email, displayName: name, password, isAdmin, mustChangePassword: mustChange })))));
  }

  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title">Add an account</h2>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <Field
          label="Email address"
          type="email"
          name="new-email"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={TEXT_LIMITS.email}
          error={fieldError('email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label="Name"
          hint="Optional"
          name="new-name"
          autoComplete="off"
          maxLength={NAME_LIMITS.displayName}
          error={fieldError('displayName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <NewPassword label="Password" value={password} onChange={setPassword} email={email} error={fieldError('password')} />
        <div className="checkbox">
          <input id="must-change" type="checkbox" checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} />
          <label htmlFor="must-change">Require a new password at first sign-in</label>
        </div>
        <div className="checkbox">
          <input id="is-admin" type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} />
          <label htmlFor="is-admin">Administrator (can manage every account)</label>
        </div>
        <div className="actions">
          <SubmitButton busy={busy} busyLabel="Adding…">
            Add account
          </SubmitButton>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
