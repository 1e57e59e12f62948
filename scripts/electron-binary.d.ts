export function executableInDist(platform: NodeJS.Platform): string;
export function electronBinary(where?: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; electronDir?: string | null }): string | null;
export function packagedApp(distDir: string, platform?: NodeJS.Platform): string | null;
