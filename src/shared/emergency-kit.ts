/** The emergency kit as a person keeps it: the same words on paper from the app and from the CLI. */
export function emergencyKitText(kit: { recoveryKey: string; storeId: string; computer: string; madeAt: Date }): string {
  return [
    'Gatehouse emergency kit',
    '',
    `Computer: ${kit.computer}`,
    `Store:    ${kit.storeId}`,
    `Made:     ${kit.madeAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    'Recovery key:',
    '',
    `    ${kit.recoveryKey}`,
    '',
    'If this computer loses the key of its accounts store (a reinstall, a new user profile, a',
    'keychain that was reset), this recovery key gives access back: "Restore access" in the app,',
    'or "gatehouse kit restore --recovery-key-stdin". Keep it offline, printed or in a password',
    'manager, away from this computer. Anyone with it and a copy of the store can read every',
    'account. A newer kit replaces this one.',
    '',
  ].join('\n');
}
