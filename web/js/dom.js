// dom.js - a tiny element builder. Text always goes in as text nodes (never
// innerHTML), so data from the server cannot inject markup; styles go through
// classes only, which keeps the strict CSP (style-src 'self') happy.

/**
 * h('button', {class: 'btn', onclick: fn, type: 'button'}, 'text', child, [more])
 * Attribute values: false/null/undefined omit the attribute, true sets it empty.
 * Keys starting with "on" attach listeners; "dataset" takes an object.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'value' && 'value' in el) {
        el.value = v;
      } else if (k === 'checked' || k === 'selected') {
        el[k] = !!v;
      } else if (k === 'class' && Array.isArray(v)) {
        el.className = v.filter(Boolean).join(' ');
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let idSeq = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix = 'f') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}
