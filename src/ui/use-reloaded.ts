// What a page shows of an object, read again each time the object's row in the view underneath
// changes (its resourceVersion moves on): the view's watch is still open, so no second watch.
import { useEffect, useRef, useState } from 'react';

/**
 * `initial`, then what `reload` answers each time `version` moves on. A read that answers
 * after a newer one was asked for is dropped; a failed read keeps what is shown.
 */
export function useReloaded<T>(
  initial: T,
  version: string | undefined,
  reload: () => Promise<T>,
): T {
  const [value, setValue] = useState(initial);
  const shown = useRef(version);
  const load = useRef(reload);
  load.current = reload;
  useEffect(() => {
    if (version === undefined || version === shown.current) return;
    let current = true;
    load.current().then(
      (next) => {
        if (!current) return;
        shown.current = version;
        setValue(next);
      },
      () => {},
    );
    return () => {
      current = false;
    };
  }, [version]);
  return value;
}
