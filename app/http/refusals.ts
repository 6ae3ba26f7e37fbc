// The few ways a request is refused on purpose, whichever feature refuses it. Features throw these;
// each carries the status it is answered with, and one function (replyRefused,
// app/http/refusal-reply.server.ts) turns it into the form's answer. Anything else thrown is a fault:
// logged once under its request id and answered 500.
export abstract class Refusal extends Error {
  abstract readonly status: 400 | 404 | 409;
  /** The form field the reason belongs beside; without it the reason stands above the form. */
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A rule of the regulations or of the school refuses it (a closed year, a missing document…). */
export class RefusedByRule extends Refusal {
  readonly status = 400;
}

/** What was asked for is not there, or not the asker's to see: the two look the same. */
export class NotFound extends Refusal {
  readonly status = 404;
  constructor(message = "Не найдено") {
    super(message);
  }
}

/** Someone else changed it first (two verifiers, a second press): the page is out of date. */
export class Conflict extends Refusal {
  readonly status = 409;
}
