/**
 * Where the renderer lives. WebAuthn needs a secure-context origin that is not `file:` or a
 * custom scheme, so the app serves itself at http://gatehouse.localhost — from its packaged
 * files in Electron, from a loopback server in preview and tests. One definition for both.
 */
export const APP_HOST = 'gatehouse.localhost';

export function appOrigin(port?: number): string {
  return port === undefined || port === 80 ? `http://${APP_HOST}` : `http://${APP_HOST}:${port}`;
}

/** The id of the JSON data block in which main serves its first answer to `app.status` with the page. */
export const INITIAL_STATUS_ID = 'gatehouse-status';
