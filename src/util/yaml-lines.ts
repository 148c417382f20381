// Where each key of a YAML document is, so that a problem with a value can name its line (the
// loaded value keeps no positions). Read from js-yaml's event stream: offsets into the text.
import {
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  getScalarValue,
  parseEvents,
} from 'js-yaml';

interface Frame {
  map: boolean;
  path: string[];
  /** In a mapping: the key whose value comes next; undefined while a key is awaited. */
  key?: string;
  index: number;
}

/**
 * The 1-based line of every mapping key, by its dotted path (`contexts.prod.readOnly`; a
 * sequence's items by index). Throws as js-yaml's load does on text that is not YAML.
 */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineAt = (offset: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return line + 1;
  };
  const stack: Frame[] = [];
  const childPath = (): string[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return [...top.path, top.map ? (top.key ?? '?') : String(top.index)];
  };
  // A value is complete: the mapping awaits its next key, the sequence its next item.
  const valueDone = () => {
    const top = stack.at(-1);
    if (!top) return;
    if (top.map) top.key = undefined;
    else top.index++;
  };
  for (const e of parseEvents(text, {})) {
    switch (e.type) {
      case EVENT_DOCUMENT:
        stack.push({ map: false, path: [], index: 0 });
        break;
      case EVENT_SCALAR: {
        const top = stack.at(-1);
        if (top?.map && top.key === undefined) {
          top.key = getScalarValue(text, e);
          lines.set([...top.path, top.key].join('.'), lineAt(e.valueStart));
        } else valueDone();
        break;
      }
      case EVENT_ALIAS:
        valueDone();
        break;
      case EVENT_MAPPING:
      case EVENT_SEQUENCE:
        stack.push({
          map: e.type === EVENT_MAPPING,
          path: stack.length > 1 ? childPath() : [],
          index: 0,
        });
        break;
      case EVENT_POP:
        stack.pop();
        if (stack.length > 1) valueDone();
        break;
    }
  }
  return lines;
}
