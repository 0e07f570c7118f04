/**
 * h('button', { class: 'primary', onclick }, 'Create'): an element with attributes, properties
 * (on* handlers, value, disabled...) and children (strings become text, null and false are skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') || name in PROPERTIES) {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

const PROPERTIES = { value: true, disabled: true, checked: true, open: true };

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything in an element. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}
