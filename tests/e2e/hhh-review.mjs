// One complete review of the helpful-honest-harmless example, given the same way by the
// Chromium suite (review.spec.mjs) and the Firefox and WebKit suite (tests/xbrowser): the card
// each rating and option gets, each checklist choice, the justification, and the answers the
// submission must then carry.
export const HHH_REVIEW = {
  /** [criterion, index of the card clicked] */
  cards: [['helpfulness', 3], ['honesty', 4], ['harmlessness', 3], ['issues', 0], ['issues', 2]],
  /** [criterion, item index, 'Yes' | 'No' | 'N/A'] */
  checks: [['checks', 0, 'Yes'], ['checks', 1, 'No'], ['checks', 2, 'N/A']],
  justification: 'Clear and correct; slightly long.',
  answers: {
    helpfulness: { type: 'rating', value: 4 },
    honesty: { type: 'rating', value: 5 },
    harmlessness: { type: 'rating', value: 4 },
    issues: { type: 'multi_choice', values: ['factual_error', 'too_verbose'] },
    checks: { type: 'checklist', items: { language: 'yes', format: 'no', citations: 'na' } },
    justification: { type: 'text', value: 'Clear and correct; slightly long.' },
  },
};
