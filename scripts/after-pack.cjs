// electron-builder afterPack hook: flip Electron's fuses in the packaged binary (DESIGN.md §4),
// so that the shipped app cannot be turned into a plain Node runtime or told to load code from
// outside its signed asar archive.
const fs = require('node:fs');
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuses, with why: RunAsNode and NODE_OPTIONS would let anyone run arbitrary code as the app. */
const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

/**
 * A signed macOS build whose passkeys keychain group still reads TEAMID would ship a group no
 * team owns (Touch ID passkeys could not be stored): stopped here, before it is signed.
 */
function checkTeamId(platform, env, entitlements) {
  const signing = Boolean(env.CSC_LINK || env.CSC_NAME);
  if ((platform === 'darwin' || platform === 'mas') && signing && entitlements.includes('TEAMID.')) {
    throw new Error(
      "resources/entitlements.mac.plist and package.json (gatehouse.macKeychainAccessGroup) still name the keychain group TEAMID.…: replace TEAMID with the signing team's ID",
    );
  }
}

exports.FUSES = FUSES;
exports.checkTeamId = checkTeamId;
exports.default = async function afterPack(context) {
  checkTeamId(context.electronPlatformName, process.env, fs.readFileSync(path.join(__dirname, '..', 'resources', 'entitlements.mac.plist'), 'utf8'));
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(electronBinary(context), {
    version: FuseVersion.V1,
    // Apple silicon refuses a binary whose ad-hoc signature the flip invalidated.
    resetAdHocDarwinSignature: darwin && context.arch === 3 /* Arch.arm64 */,
    ...FUSES,
  });
};
