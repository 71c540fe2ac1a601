import { defineContribution } from '@winnow/sdk';
import { keepListExporter } from '../keep-list-exporter';
import { selectStage } from '../select-stage';

export default defineContribution({ apiVersion: '^1.0.0', stages: [selectStage], exporters: [keepListExporter] });
