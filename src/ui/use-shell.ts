// `s` on a pod, or on a container in a pod's containers: a shell in the container, as k9s
// opens one (`sh -c "clear; (bash || ash || sh)"`), over the exec subresource. The pod is read
// first, as kubectl exec reads it: its default container (the kubectl.kubernetes.io/
// default-container annotation, else the first), and a completed pod refused in kubectl's
// words. The terminal is then lent to the session (terminal-lender.ts, lendStream) and taken
// back when the shell exits or the connection drops, with one line saying how it ended if
// not well. Keys typed after `s` while the server answers are held (key-router.tsx) and go to
// the shell, as typed, once it has the terminal.
import { useContext, useRef } from 'react';
import type { ExecEnd, KubeObject, ObjectRef } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import { useKeyHold } from './key-router.js';
import { keyBytes } from './keys.js';
import type { TerminalLender } from './terminal-lender.js';
import { TerminalContext } from './use-edit.js';
import type { Status } from './use-status.js';

/** What k9s runs: a clear screen, then the best shell the image has. */
export const SHELL_COMMAND = ['sh', '-c', 'clear; (bash || ash || sh)'];

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

/** The container kubectl exec picks when none is named. */
export function defaultContainer(pod: KubeObject): string | undefined {
  const names: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER];
  return names.includes(annotated) ? annotated : names[0];
}

/** How a shell ended, for the status line; undefined when it ended well. */
export function endText(end: ExecEnd): string | undefined {
  if ('error' in end) return end.error;
  return end.exitCode ? `command terminated with exit code ${end.exitCode}` : undefined;
}

export function useShell(source: ClusterSource, status: Status) {
  const terminal = useContext(TerminalContext);
  const hold = useKeyHold();
  // `s` again while the first is still connecting would open a second shell after the first.
  const busy = useRef(false);

  const open = async (
    lender: TerminalLender,
    ref: ObjectRef,
    chosen: string | undefined,
    ahead: Ahead,
  ) => {
    const namespace = ref.namespace ?? 'default';
    status.say(`connecting to ${ref.name}…`);
    const pod = await source.actions.get(ref);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed')
      throw new Error(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    const container = chosen ?? defaultContainer(pod);
    if (!container) throw new Error(`pod ${ref.name} has no containers`);
    const session = await source.exec({
      namespace,
      pod: ref.name,
      container,
      command: SHELL_COMMAND,
      tty: true,
    });
    try {
      const end = await lender.lendStream(async (t) => {
        session.onOutput((data) => t.write(data));
        // The size first, as kubectl sends it, then every change.
        session.resize(t.size());
        t.onResize((size) => session.resize(size));
        const typed = ahead();
        if (typed.length) session.write(Buffer.from(keyBytes(typed)));
        t.onInput((data) => session.write(data));
        t.onQuit(() => session.close());
        return session.ended;
      });
      const text = endText(end);
      if (text) status.say(text, true);
      else status.clear();
    } finally {
      session.close();
    }
  };

  /** Opens a shell in the pod `ref` names: in `container`, else its default one. */
  return (ref: ObjectRef, container?: string) => {
    if (!terminal?.available) return status.say('shell: no terminal to run it on', true);
    if (busy.current) return;
    busy.current = true;
    // Ctrl-C included: typed after `s` it is the shell's, as every key typed after it is.
    const release = hold({ keepsInterrupt: true });
    // Keys held since `s`, handed to the shell once it has the terminal.
    const ahead: Ahead = () => release({ drop: true });
    void open(terminal, ref, container, ahead)
      .catch((e) => status.say((e as Error).message, true))
      .finally(() => {
        busy.current = false;
        release();
      });
  };
}

type Ahead = () => string[];
