import { behaviorMatrix } from './behavior-matrix.ts';

behaviorMatrix('guard-only');
