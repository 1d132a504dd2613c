// The type of request-status.js, for the server's TypeScript (which imports that file as it is).
export declare const REQUEST_STATUS: Readonly<
  Record<'TEMP' | 'UNASSIGNED' | 'ABANDONED' | 'ASSIGNED' | 'SERVED' | 'CLOSED', number>
>;
