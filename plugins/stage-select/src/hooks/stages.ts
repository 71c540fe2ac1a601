import { defineContribution } from '@winnow/sdk';
import { selectStage } from '../select-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [selectStage] });
