export { SortedWindow, quantileOfSorted } from './sorted-window';
