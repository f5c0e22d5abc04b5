/** Notices (issue 16): events, recipients, words, WhatsApp links, reminders, delivery rules. Pure. */
export * from './events';
export * from './recipients';
export * from './compose';
export * from './whatsapp';
export * from './reminders';
export * from './delivery';
