/** Whether `name` is an IANA time zone this runtime knows (`Europe/Rome`, `UTC`...). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
