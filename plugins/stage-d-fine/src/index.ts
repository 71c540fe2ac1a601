export { dFineStage } from './d-fine-stage';
