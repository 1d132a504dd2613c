/** A multipart/form-data body built by the platform's own FormData, for `t.http(..., {payload})`. */
export async function multipartBody(
  fields: Record<string, string>,
  files: Record<string, { content: string | Buffer; filename: string; type?: string }>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, file] of Object.entries(files)) {
    form.append(name, new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.filename);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}
