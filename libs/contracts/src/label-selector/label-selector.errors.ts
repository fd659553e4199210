import { EdgeplaneError } from '../errors';

/** Where a label selector went wrong, for clients that highlight the bad part of what was typed. */
export type LabelSelectorSyntaxDetails = {
  /** The selector as given (only its start when it was rejected for being too long). */
  selector: string;
  /** 0-based offset (UTF-16 code units, i.e. a JavaScript string index) of the offending token. */
  position: number;
  /** Text of the offending token; the empty string when the selector ended too early. */
  token: string;
};

/** A label selector that cannot be parsed; the message names the token, its position and the fix. */
export class LabelSelectorSyntaxError extends EdgeplaneError {
  constructor(
    message: string,
    override readonly details: Readonly<LabelSelectorSyntaxDetails>,
  ) {
    super('invalid', 'label_selector.syntax', message, details);
  }
}
