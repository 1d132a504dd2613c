/** The REST API as the pages call it: JSON in and out, the "JWT ..." token as Authorization. */
export async function api(method, path, { token, body } = {}) {
  const response = await fetch(path, {
    method,
    // The token is the only credential; without this a 401's Basic challenge opens a login prompt.
    credentials: 'omit',
    headers: {
      ...(token && { authorization: token }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const message = data?.msg ?? data?.message ?? data?.error ?? `HTTP ${response.status}`;
    throw new Error(typeof message === 'string' ? message : `HTTP ${response.status}`);
  }
  return data;
}

/** An element with text content (never HTML) and attributes. */
export function element(tag, { text, className, ...attributes } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}
