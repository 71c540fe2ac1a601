export { segmenterStage as sam2Stage } from '@winnow/annotate';
