export * from './errors';
export * from './council';
export * from './privacy';
export * from './roles';
export * from './schemas';
export * from './registry';
export * from './orders';
export * from './events';
