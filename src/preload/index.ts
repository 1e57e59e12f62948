// The sandboxed preload: builds `window.gatehouse` from the contract's channel list over
// Electron IPC, and exposes nothing else. Built as CommonJS (sandboxed preloads cannot be ESM).
import { contextBridge, ipcRenderer } from 'electron';
import { createApi, IPC_PREFIX } from '../shared/api.js';

contextBridge.exposeInMainWorld(
  'gatehouse',
  createApi((channel, request) => ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, request)),
);
