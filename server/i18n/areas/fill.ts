/** UI strings of the fill area (keys start with 'fill.'). */
export const fillMessages = {
} as const;
