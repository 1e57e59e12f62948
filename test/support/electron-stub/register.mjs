// `node --import ./register.mjs main.mjs`: the main bundle runs under plain Node with `electron`
// answered by ./electron.mjs, which records what main asked of it.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
