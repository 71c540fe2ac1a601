import { defineContribution } from '@winnow/sdk';
import { dedupAcrossStage } from '../dedup-across-stage';
import { dedupFeaturesStage } from '../dedup-features-stage';
import { dedupStage } from '../dedup-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [dedupFeaturesStage, dedupStage, dedupAcrossStage] });
