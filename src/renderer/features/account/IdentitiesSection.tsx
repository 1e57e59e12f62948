import { useCallback, useEffect, useState } from 'react';
import type { IdentityView, ProviderButton } from '../../../shared/index.js';
import { formatDateTime } from '../../format.js';
import { call, errorMessage, gatehouse } from '../../gatehouse.js';
import { BrowserWait, useBrowserWait } from '../sign-in/BrowserWait.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { ErrorMessage, Notice } from '../../ui/Feedback.js';
import { useAction } from '../../ui/useAction.js';
import { useStepUp } from '../factors/StepUp.js';
import { useNote } from '../../ui/messages.js';

/** The providers this account can sign in with: linked ones with Unlink, the others with Link. */
export function IdentitiesSection() {
  const [identities, setIdentities] = useState<IdentityView[] | null>(null);
  const [providers, setProviders] = useState<ProviderButton[]>([]);
  const [unlinking, setUnlinking] = useState<string | null>(null);
  const { waiting, through } = useBrowserWait();
  const [notice, setNotice] = useNote();
  const { busy, error, setError, run } = useAction();
  const { guard, dialog } = useStepUp();

  const load = useCallback(() => {
    call(gatehouse().account.identities({})).then(setIdentities, (e: unknown) => setError(errorMessage(e)));
    call(gatehouse().auth.providers({})).then(setProviders, () => setProviders([]));
  }, [setError]);
  useEffect(() => load(), [load]);

  const link = (name: string) =>
    run(async () => {
      setNotice(null);
      const linked = await through(
        name,
        () => guard(() => call(gatehouse().account.linkProviderBegin({ name }))),
        (flowId) => call(gatehouse().account.linkProviderFinish({ flowId })),
      );
      if (linked === undefined) return;
      setIdentities(linked);
      setNotice(`${name} is linked: you can sign in with it.`);
    });

  const unlink = (name: string) =>
    run(async () => {
      setNotice(null);
      setIdentities(await guard(() => call(gatehouse().account.unlinkProvider({ provider: name }))));
      setNotice(`${name} is unlinked.`);
    });

  if (identities === null) return <ErrorMessage>{error}</ErrorMessage>;
  const linked = new Set(identities.map((i) => i.provider));
  const linkable = providers.filter((p) => !linked.has(p.name));
  if (identities.length === 0 && linkable.length === 0) return null;
  return (
    <div className="identities">
      <h3>Sign-in providers</h3>
      {dialog}
      <ErrorMessage>{error}</ErrorMessage>
      {notice && <Notice>{notice}</Notice>}
      {waiting ? (
        <div className="provider-wait" aria-live="polite">
          <BrowserWait flowId={waiting.flowId} onError={(e) => setError(errorMessage(e))}>
            <p>
              Sign in at <strong>{waiting.name}</strong> in the browser window that opened, to link it to this account.
            </p>
          </BrowserWait>
        </div>
      ) : (
        <>
          {identities.length > 0 && (
            <ul className="rows" aria-label="Linked providers">
              {identities.map((i) => (
                <li key={i.provider} className="row">
                  <span>
                    <strong>{i.provider}</strong>
                    {i.email && <span className="hint"> · {i.email}</span>}
                    <br />
                    <span className="hint">
                      Linked {formatDateTime(i.linkedAt)} · Last used {formatDateTime(i.lastUsedAt)}
                    </span>
                  </span>
                  <span className="row-actions">
                    <button type="button" className="secondary small" aria-label={`Unlink ${i.provider}`} disabled={busy} onClick={() => setUnlinking(i.provider)}>
                      Unlink
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {linkable.map((p) => (
            <button key={p.name} type="button" className="secondary" disabled={busy} onClick={() => void link(p.name)}>
              Link {p.name}
            </button>
          ))}
        </>
      )}
      {unlinking && (
        <ConfirmDialog
          title={`Unlink ${unlinking}?`}
          confirmLabel="Unlink"
          danger
          onCancel={() => setUnlinking(null)}
          onConfirm={() => {
            const name = unlinking;
            setUnlinking(null);
            void unlink(name);
          }}
        >
          <p>You will no longer be able to sign in with {unlinking}. You can link it again later.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
