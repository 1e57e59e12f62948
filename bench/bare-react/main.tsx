// The floor of bench/suites/renderer.ts: a React page with a sign-in form and nothing else,
// built by the same Vite and served by a plain Node server.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Form() {
  return (
    <main>
      <h1>Sign in</h1>
      <form>
        <label htmlFor="email">Email address</label>
        <input id="email" type="email" autoComplete="username" />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Form />
  </StrictMode>,
);
