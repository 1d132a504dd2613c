/**
 * The event names offered when subscribing: the server's own list (web/shared/webhook-events.js)
 * and the wildcards most asked for. The field also takes the parametric names
 * (`event.emit.<name>` ...) and other wildcards, which the server checks.
 */
import { KNOWN_EVENTS } from '../../../shared/webhook-events.js';

export const SUGGESTED_EVENTS = [...KNOWN_EVENTS, 'request.*', '*'];
