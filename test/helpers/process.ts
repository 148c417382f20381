// Whether a process the test started is still there (signal 0 checks without signalling).
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
