// electron-builder afterPack hook: flip Electron's fuses in the packaged binary (DESIGN.md §4),
// so that the shipped app cannot be turned into a plain Node runtime or told to load code from
// outside its signed asar archive.
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

exports.FUSES = FUSES;
exports.default = async function afterPack(context) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(electronBinary(context), {
    version: FuseVersion.V1,
    // Apple silicon refuses a binary whose ad-hoc signature the flip invalidated.
    resetAdHocDarwinSignature: darwin && context.arch === 3 /* Arch.arm64 */,
    ...FUSES,
  });
};
