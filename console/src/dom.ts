/**
 * The console's only way to put anything on the page: elements built with
 * `createElement` and values set as text (`textContent`, attributes). No
 * HTML string is ever parsed, so a report value such as `<img onerror=…>`
 * shows as those characters and nothing runs — the CSP's Trusted Types
 * (`require-trusted-types-for 'script'`) would refuse it anyway.
 */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * @example
 * h('p', { class: 'govuk-body' }, 'Name: ', report.body.victim.name) // the name as text
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, strings as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Empties an element. */
export function clear(element: Element): void {
  element.replaceChildren();
}

/** An SVG element (the transparency chart), attributes only. */
export function svg(tag: string, attributes: Record<string, string | number>, ...children: Child[]): SVGElement {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  append(element, ...children);
  return element;
}
