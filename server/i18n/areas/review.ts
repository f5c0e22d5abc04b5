/** UI strings of the review area (keys start with 'review.'). */
export const reviewMessages = {
} as const;
