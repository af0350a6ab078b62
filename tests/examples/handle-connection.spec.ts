import { behaviorMatrix } from './behavior-matrix.ts';

behaviorMatrix('handle-connection');
