import { defineContribution } from '@winnow/sdk';
import { clipEmbedStage } from '../clip-embed-stage';
import { dedupSemanticStage } from '../dedup-semantic-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [clipEmbedStage, dedupSemanticStage] });
