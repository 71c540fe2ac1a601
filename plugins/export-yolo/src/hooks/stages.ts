import { defineContribution } from '@winnow/sdk';
import { yoloExporter } from '../yolo-exporter';

export default defineContribution({ apiVersion: '^1.0.0', exporters: [yoloExporter] });
