/** User location-sensitive (DESIGN.md §1): location-sensitive with both states in a user mode. */
import { locationSensitive } from './location-sensitive.js';
import type { Kit } from './kit.js';
import type { Finding } from './finding.js';

export function userLocationSensitive(kit: Kit): Promise<Finding> {
  return locationSensitive(kit, true);
}
