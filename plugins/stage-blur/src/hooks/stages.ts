import { defineContribution } from '@winnow/sdk';
import { blurFeaturesStage } from '../blur-features-stage';
import { blurStage } from '../blur-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [blurFeaturesStage, blurStage] });
