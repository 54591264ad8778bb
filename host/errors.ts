/** A program that cannot be placed or run as its conventions say: a user error, with where and what. */
export class HostError extends Error {
  override readonly name = 'HostError';
}
