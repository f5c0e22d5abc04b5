/** UI strings of the report area (keys start with 'report.'). */
export const reportMessages = {
} as const;
