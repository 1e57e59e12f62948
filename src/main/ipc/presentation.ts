import QRCode from 'qrcode';
import type { AuditEntryView, SignInResult, TotpEnrolment, TotpEnrolmentView } from '../../shared/index.js';
import type { AuditEntry } from '../store/audit.js';
import type { Session, SessionManager } from '../core/sessions.js';

/**
 * How the core's answers are shown to the renderer: everything the wire adds (a QR code) or
 * leaves out (the subject id, main's session) is decided here, and only here.
 */

/** Turns a sign-in step's result into what the renderer may see, starting the session on success. */
export function presentSignIn(sessions: SessionManager, outcome: SignInResult<Session>): SignInResult {
  switch (outcome.kind) {
    case 'success':
      return { kind: 'success', session: sessions.start(outcome.session), ...(outcome.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: outcome.recoveryCodesLeft }) };
    case 'expired':
      return { kind: 'expired', reason: outcome.reason, flowId: outcome.flowId };
    default:
      return outcome;
  }
}

/** An enrolment as the renderer shows it, once: the key, its URI, and the URI as a QR code image. */
export async function presentEnrolment(enrolment: TotpEnrolment): Promise<TotpEnrolmentView> {
  return { ...enrolment, qrCode: await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: 'M', margin: 2, width: 224 }) };
}

/** An audit entry without the account id, which never leaves main. */
export function presentAuditEntry({ accountId: _omit, ...entry }: AuditEntry): AuditEntryView {
  return entry;
}
