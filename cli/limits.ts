/** Limits on what the command line accepts, each where a larger value fails less clearly. */

/**
 * The deepest nesting of monitors: every guest access passes through each level's functions in
 * turn, and a thousand levels overflow Node's call stack (measured on pg74: 700 ran, 1000 did not).
 */
export const MAX_DEPTH = 256;

/** How many problems of one kind a message lists before it gives only their count. */
export const MAX_LISTED = 100;
