import { defineContribution } from '@winnow/sdk';
import { yoloxStage } from '../yolox-stage';

export default defineContribution({ apiVersion: '^1.1.0', stages: [yoloxStage] });
