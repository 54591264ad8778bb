/** The checker on the rv32-based soundness fixtures: see soundness-checker.ts. */
import { soundnessFixtures } from '../fixtures/soundness/index.js';
import { describeCheckerOn } from './soundness-checker.js';

describeCheckerOn(soundnessFixtures.filter((f) => f.isa.state.addressMap.kind === 'described'));
