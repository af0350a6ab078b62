import { behaviorMatrix } from './behavior-matrix.ts';

behaviorMatrix('middleware');
