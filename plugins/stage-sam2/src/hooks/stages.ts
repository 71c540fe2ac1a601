import { segmenterStage } from '@winnow/annotate';
import { defineContribution } from '@winnow/sdk';

export default defineContribution({ apiVersion: '^1.1.0', stages: [segmenterStage] });
