/** Building the page's DOM. Text goes in as text nodes only, never as markup. */
type Attrs = Record<string, string | number | boolean | undefined | null | ((event: Event) => void)>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = String(v);
    else if (k === 'text') node.textContent = String(v);
    else if (typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

/** The number in an input, or undefined when it is empty or not a number. */
export function numberIn(id: string): number | undefined {
  const v = byId<HTMLInputElement>(id).value.trim();
  return v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

/** A colour chip; set through the style object, which the page's Content-Security-Policy allows (style attributes it does not). */
export function chip(colour: string): HTMLSpanElement {
  const span = el('span', { class: 'chip', 'aria-hidden': 'true' });
  span.style.background = colour;
  return span;
}

/** Offer `text` as a file to save. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
