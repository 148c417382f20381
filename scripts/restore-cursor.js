// Ink's cli-cursor restores the cursor at exit by writing ESC[?25h to stderr, whatever stderr
// is; with `2>file` that lands in the file. kdeck restores the cursor on every way out itself
// (src/ui/run.tsx); this stand-in keeps the safety net for a terminal only.
import process from 'node:process';
import signalExit from 'signal-exit';

let registered = false;

export default function restoreCursor() {
  if (registered) return;
  registered = true;
  signalExit(
    () => {
      if (process.stderr.isTTY) process.stderr.write('\u001B[?25h');
    },
    { alwaysLast: true },
  );
}
