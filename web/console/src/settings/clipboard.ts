/**
 * Copying text: the Clipboard API where the browser allows it (a secure context, permission),
 * else the older selection and `execCommand('copy')` on the field that shows the text.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    // Deprecated, but the one way left when the Clipboard API is refused (plain http, no permission).
    return document.execCommand('copy');
  }
}
