import { GatehouseError } from '../common/errors.js';
import type { Actor } from '../core/context.js';
import type { ProviderPurpose } from '../core/flows.js';
import type { Gatehouse } from '../core/gatehouse.js';
import { CallbackClosed, listenForCallback, type CallbackListener } from './oauth-callback.js';

/** Opens a URL in the system browser: Electron's shell, or whatever plays the browser in preview and tests. */
export type BrowserOpener = (url: string) => Promise<void>;

interface Pending {
  listener: CallbackListener;
  authorizationUrl: string;
}

const GONE = () => new GatehouseError('flow_expired', 'This sign-in is over. Start again.');

/**
 * The sign-ins waiting in the system browser: each with its loopback listener, by flow id. The
 * renderer starts one, then waits on it (one long request) while it may cancel or open the page
 * again; the code never passes through the renderer.
 */
export class ProviderSignIns {
  private readonly pending = new Map<string, Pending>();
  private starting = false;

  constructor(
    private readonly core: Gatehouse,
    private readonly openInBrowser: BrowserOpener,
  ) {}

  /** Opens the provider's page in the browser: to sign in, or for a signed-in account to link an identity or confirm it's the person. */
  async start(name: string, actor: Actor, purpose: ProviderPurpose = { kind: 'sign_in' }): Promise<{ flowId: string }> {
    // One person, one browser wait at a time: one start at once, and a new wait ends those
    // before it once it is under way, so that asking again and again piles up no listeners or tabs.
    if (this.starting) throw new GatehouseError('busy', 'A sign-in is already starting. Try again in a moment.');
    this.starting = true;
    try {
      return await this.startOne(name, actor, purpose);
    } finally {
      this.starting = false;
    }
  }

  private async startOne(name: string, actor: Actor, purpose: ProviderPurpose): Promise<{ flowId: string }> {
    const listener = await listenForCallback();
    try {
      const { flowId, authorizationUrl, state } = await this.core.signIn.beginProvider(name, listener.redirectUri, actor, purpose);
      listener.expectState(state);
      for (const earlier of this.pending.values()) earlier.listener.close();
      this.pending.set(flowId, { listener, authorizationUrl });
      listener.callback.catch(() => undefined).finally(() => setTimeout(() => this.pending.delete(flowId), 1000).unref?.());
      await this.open(authorizationUrl);
      return { flowId };
    } catch (error) {
      listener.close();
      throw error;
    }
  }

  /** Waits for the browser to come back with the provider's answer; a cancel or a timeout ends the wait. */
  async callback(flowId: string): Promise<URL> {
    const pending = this.pending.get(flowId);
    if (!pending) throw GONE();
    try {
      return await pending.listener.callback;
    } catch (error) {
      if (error instanceof CallbackClosed && error.reason === 'timeout') throw new GatehouseError('flow_expired', 'The browser did not come back within 5 minutes. Start again.');
      if (error instanceof CallbackClosed) throw new GatehouseError('flow_expired', 'Cancelled. Choose how to sign in.');
      throw error;
    } finally {
      this.pending.delete(flowId);
    }
  }

  cancel(flowId: string): void {
    const pending = this.pending.get(flowId);
    if (!pending) throw GONE();
    pending.listener.close();
  }

  /** Opens the provider's page again (the tab was closed); never any other page. */
  async reopen(flowId: string): Promise<void> {
    const pending = this.pending.get(flowId);
    if (!pending) throw GONE();
    await this.open(pending.authorizationUrl);
  }

  /** The browser is only ever sent to a configured provider's authorization endpoint. */
  private async open(url: string): Promise<void> {
    if (!this.core.providers.isAuthorizationRequest(url)) throw new GatehouseError('provider_refused', "Gatehouse opens only a provider's own sign-in page.");
    await this.openInBrowser(url);
  }
}
