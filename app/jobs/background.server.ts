/**
 * Runs work that nobody awaits (a long job after its request has been answered). Whatever escapes
 * it is logged and handed to `onFailure` (which marks the job failed); it never becomes an
 * unhandled rejection, so it never ends the process.
 */
export function inBackground(what: string, work: () => Promise<unknown>, onFailure: (error: unknown) => Promise<unknown>) {
  work().catch(async (error: unknown) => {
    console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await onFailure(error).catch((again: unknown) => console.error(`${what}: не удалось записать сбой: ${String(again)}`));
  });
}
