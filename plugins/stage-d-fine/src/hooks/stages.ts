import { defineContribution } from '@winnow/sdk';
import { dFineStage } from '../d-fine-stage';

export default defineContribution({ apiVersion: '^1.1.0', stages: [dFineStage] });
