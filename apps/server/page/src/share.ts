/**
 * Sharing the edited document by link: compressed (deflate, the browser's
 * own CompressionStream) into the address's fragment, which never reaches
 * a server, while it fits SHARE_FRAGMENT_LIMIT; past that, stored through
 * the server's scenario routes (`PUT /scenarios/{id}`) where the server
 * has them, and the link names the stored id.
 */
import { SHARE_FRAGMENT_LIMIT } from './limits.js';
import { api, type Capabilities } from './server.js';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export async function packDocument(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

export async function unpackDocument(packed: string): Promise<string> {
  return new TextDecoder().decode(await pipe(fromBase64Url(packed), new DecompressionStream('deflate-raw')));
}

export type ShareResult =
  | { readonly ok: true; readonly url: string; readonly how: 'fragment' | 'stored' }
  | { readonly ok: false; readonly message: string };

/** A link to this page that opens `text` in the editor (with the view's settings in `view`). */
export async function shareLink(
  text: string,
  id: string,
  view: URLSearchParams,
  can: Capabilities,
): Promise<ShareResult> {
  const packed = await packDocument(text);
  const base = `${location.origin}${location.pathname}`;
  if (packed.length <= SHARE_FRAGMENT_LIMIT) {
    const p = new URLSearchParams(view);
    p.set('doc', packed);
    return { ok: true, how: 'fragment', url: `${base}#${p}` };
  }
  const size = `${packed.length.toLocaleString('en-US')} characters compressed, over the ${SHARE_FRAGMENT_LIMIT.toLocaleString('en-US')} a link carries`;
  if (!can.storeScenarios)
    return {
      ok: false,
      message: `This document is too long to share in a link (${size}), and this server stores no scenarios: download the YAML instead.`,
    };
  await api(`/scenarios/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/yaml' },
    body: text,
  });
  const p = new URLSearchParams(view);
  p.set('scenario', id);
  return { ok: true, how: 'stored', url: `${base}#${p}` };
}
