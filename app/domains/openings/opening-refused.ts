/** An opening entry rule refused the change; `field` names the form field (e.g. `lines[2].costCodeId`). */
export class OpeningRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
