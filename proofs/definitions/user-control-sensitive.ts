/**
 * User control-sensitive (DESIGN.md §1): control-sensitive from a state whose mode is a user
 * level. With Theorem 3 this is the control-sensitivity a hybrid VMM must catch, since it runs
 * only virtual user mode directly.
 */
import { controlSensitive } from './control-sensitive.js';
import type { Kit } from './kit.js';
import type { Finding } from './finding.js';

export function userControlSensitive(kit: Kit): Promise<Finding> {
  return controlSensitive(kit, true);
}
