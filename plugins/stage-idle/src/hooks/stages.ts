import { defineContribution } from '@winnow/sdk';
import { idleFeaturesStage } from '../idle-features-stage';
import { idleStage } from '../idle-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [idleFeaturesStage, idleStage] });
