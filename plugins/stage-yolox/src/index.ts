export { yoloxStage } from './yolox-stage';
