// A command whose work cannot start now (e.g. the chart queue is full) throws BusyError: the router tells the
// member "busy, try again in a moment", which is load shedding, not an error to log.
export class BusyError extends Error {
  override name = 'BusyError';
}
