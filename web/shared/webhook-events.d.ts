// The type of webhook-events.js, for the server's and the console's TypeScript.
export declare const KNOWN_EVENTS: readonly string[];
