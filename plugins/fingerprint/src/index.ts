export { blockMeans, decodeGrid, encodeGrid, gridSize } from './block-grid';
export type { BlockGrid } from './block-grid';
export { contentDistance } from './content-distance';
export type { ContentDistance } from './content-distance';
export { selectKth } from './select';
export { cosine, decodeEmbedding, encodeEmbedding, isStoredEmbedding, l2Normalise } from './embedding';
export type { EmbeddingEncoding, StoredEmbedding } from './embedding';
