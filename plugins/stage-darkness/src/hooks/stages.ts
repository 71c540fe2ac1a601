import { defineContribution } from '@winnow/sdk';
import { darknessFeaturesStage } from '../darkness-features-stage';
import { darknessStage } from '../darkness-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [darknessFeaturesStage, darknessStage] });
