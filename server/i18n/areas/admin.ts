/** UI strings of the admin area (keys start with 'admin.'). */
export const adminMessages = {
} as const;
