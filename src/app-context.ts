/**
 * What every route module is built from: the platform plus the services of all areas.
 * Services are created once, in dependency order, in ./services.ts.
 */
import type { Platform } from './platform/context.js';
import type { Services } from './services.js';

export interface AppContext extends Platform {
  readonly services: Services;
}
