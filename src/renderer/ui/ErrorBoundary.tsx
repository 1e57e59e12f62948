import { Component, type ReactNode } from 'react';

/** A bug in a screen shows a message and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="card narrow">
        <h1>Something went wrong</h1>
        <p role="alert">Gatehouse hit an unexpected problem showing this page. Your data is safe.</p>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          Reload Gatehouse
        </button>
      </main>
    );
  }
}
