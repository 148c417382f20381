// Log lines are untrusted: escape sequences in them must not reach the terminal, where they
// could move the cursor, change colours, set the title or write the clipboard (OSC 52).
// Every control character but tab is shown in caret notation instead (ESC → ^[), so the line
// still says what it carried.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

export function inert(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return '^?';
    if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
    return `\\x${code.toString(16)}`;
  });
}
