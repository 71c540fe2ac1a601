import { defineContribution } from '@winnow/sdk';
import { dedupFeaturesStage } from '../dedup-features-stage';
import { dedupStage } from '../dedup-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [dedupFeaturesStage, dedupStage] });
