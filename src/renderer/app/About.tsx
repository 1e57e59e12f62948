import { useEffect, useState } from 'react';
import type { AboutView } from '../../shared/index.js';
import { call, errorMessage, gatehouse } from '../gatehouse.js';
import { ErrorMessage } from '../ui/Feedback.js';

const SCREEN_LOCK: Record<AboutView['screenLock'], string> = {
  os: 'Locking your computer locks Gatehouse too.',
  dbus: 'Locking your screen locks Gatehouse too where your desktop announces it (GNOME, KDE, Cinnamon, MATE and Xfce do); if yours does not, lock Gatehouse yourself before you leave.',
  not_detected: 'Gatehouse cannot tell when your screen locks here: lock it yourself with Lock before you leave, or let it lock itself after the idle time the policy sets.',
};

/** About Gatehouse: the version, where the store is, what a screen lock does, and the licences of what ships in the app. */
export function About() {
  const [about, setAbout] = useState<AboutView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call(gatehouse().app.about({})).then(setAbout, (e: unknown) => setError(errorMessage(e)));
  }, []);
  return (
    <main className="page" aria-labelledby="about-title">
      <h1 id="about-title">About Gatehouse</h1>
      <ErrorMessage>{error}</ErrorMessage>
      {about && (
        <>
          <dl className="facts">
            <dt>Version</dt>
            <dd>{about.version}</dd>
            <dt>Store</dt>
            <dd>
              <code>{about.storeLocation}</code>
            </dd>
            <dt>Screen lock</dt>
            <dd>{SCREEN_LOCK[about.screenLock]}</dd>
          </dl>
          <section aria-labelledby="licences-title">
            <h2 id="licences-title">Open-source licences</h2>
            <p>Gatehouse is MIT-licensed and ships these {about.licenses.length} packages, each under its own licence.</p>
            <table className="table stacking">
              <caption className="visually-hidden">Packages shipped in Gatehouse, with their licences</caption>
              <thead>
                <tr>
                  <th scope="col">Package</th>
                  <th scope="col">Version</th>
                  <th scope="col">Licence</th>
                </tr>
              </thead>
              <tbody>
                {about.licenses.map((p) => (
                  <tr key={`${p.name}@${p.version}`}>
                    <th scope="row">{p.name}</th>
                    <td data-label="Version">{p.version}</td>
                    <td data-label="Licence">{p.license}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </main>
  );
}
