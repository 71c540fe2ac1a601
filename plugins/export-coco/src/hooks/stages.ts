import { defineContribution } from '@winnow/sdk';
import { cocoExporter } from '../coco-exporter';
import { reviewExporter } from '../review-exporter';

export default defineContribution({ apiVersion: '^1.0.0', exporters: [cocoExporter, reviewExporter] });
