export * from './informer';
export * from './section-counter';
export * from './summary-view';
export * from './trim';
export * from './watch-cache';
