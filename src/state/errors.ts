// The one failure of shared state: the store could not be reached or did not
// answer in time. It carries a hint, like the Crisp client's errors, and never
// the store's URL or password.

export class SharedStateError extends Error {
  override name = "SharedStateError";
  readonly hint: string;

  constructor(message: string, hint = "The shared store (Redis) is unreachable; the server reconnects by itself. Try again in a few seconds.") {
    super(message);
    this.hint = hint;
  }
}
