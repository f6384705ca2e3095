/** HTTP failures a route can throw; the server turns them into a status and a short JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

export const badRequest = (code = 'bad_request') => new HttpError(400, code);
export const tooLarge = () => new HttpError(413, 'body_too_large');
export const unauthorized = (code = 'unauthorized') => new HttpError(401, code);
export const notFound = () => new HttpError(404, 'not_found');
export const forbidden = (code = 'forbidden') => new HttpError(403, code);
export const unavailable = (code = 'unavailable') => new HttpError(503, code);
