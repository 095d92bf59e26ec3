// The errors the API rejects with: an Error named XunError, whose `code`
// names the kind of index error ("corrupt", "mismatch", "options"…) and,
// for a bad option, whose `option` names it.

export function XunError(message, cause) {
  const e = new Error('xun: ' + message);
  e.name = 'XunError';
  if (cause) {
    e.cause = cause;
    // The index error's kind ("mismatch", "corrupt"…), when it has one.
    if (cause.code) e.code = cause.code;
    if (cause.option) e.option = cause.option;
  }
  return e;
}

// What a replaced search rejects with: the signal's reason, as fetch does.
export function abortError(signal) {
  if (signal.reason instanceof Error) return signal.reason;
  const e = new Error('xun: the search was replaced');
  e.name = 'AbortError';
  return e;
}
