import type { SpawnSyncReturns } from 'node:child_process';
export function npmSpawnOptions(platform: NodeJS.Platform): { shell?: boolean };
export function outcomeOf(what: string, result: SpawnSyncReturns<unknown>): { code: number; message?: string };
