import { behaviorMatrix } from './behavior-matrix.ts';

behaviorMatrix('io-adapter');
