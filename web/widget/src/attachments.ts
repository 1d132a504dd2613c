/**
 * A visitor's file: uploaded to the project's chat files (`POST /:project_id/files/chat`, field
 * `file`, the server's size limit), then sent as a message of type `image` (shown inline) or
 * `file` (a download) whose `metadata.src` is the public `/files?path=` address, as Tiledesk's
 * widget and Parley's console send them.
 */
import { api, unwrap } from './api';

export interface Attachment {
  type: 'image' | 'file';
  text: string;
  metadata: { src: string; name: string; type: string; size: number; width?: number; height?: number };
}

async function sizeOf(file: File): Promise<{ width?: number; height?: number }> {
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size;
  } catch {
    return {};
  }
}

export async function upload(projectId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const stored = unwrap(
    await api.POST('/{project_id}/files/chat', {
      params: { path: { project_id: projectId } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
  const image = file.type.startsWith('image/');
  const download = image ? '/files' : '/files/download';
  const src = `${location.origin}${download}?path=${encodeURIComponent(stored.filename)}`;
  return {
    type: image ? 'image' : 'file',
    text: file.name,
    metadata: { src, name: file.name, type: file.type, size: file.size, ...(image && (await sizeOf(file))) },
  };
}
