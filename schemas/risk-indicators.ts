/**
 * Risk indicator codes, one per question of the police DASH RIC, with our own
 * plain-language paraphrase. The licensed DASH wording (© Laura Richards 2009)
 * is NOT reproduced here; a force that holds a licence can load its own wording
 * as configuration, keyed by these codes.
 */
export const DASH_INDICATORS = [
  { code: 'current-injury', question: 'Are you hurt now because of what happened?' },
  { code: 'very-frightened', question: 'Are you very scared?' },
  { code: 'fears-serious-harm', question: 'Are you afraid they will seriously hurt or kill you or someone else?' },
  { code: 'isolated', question: 'Does the abuser stop you seeing family or friends, or keep you alone?' },
  { code: 'depressed-or-suicidal', question: 'Are you feeling very low, or have you thought about ending your life?' },
  { code: 'recent-separation', question: 'Have you separated from them, or tried to, in the last year?' },
  { code: 'child-contact-conflict', question: 'Are there arguments about contact with children?' },
  { code: 'stalking-harassment', question: 'Do they follow you, watch you, or keep contacting you when you do not want it?' },
  { code: 'pregnant-or-new-baby', question: 'Are you pregnant, or have you had a baby in the last 18 months?' },
  { code: 'non-shared-children', question: 'Do either of you have children who are not the other’s?' },
  { code: 'abuser-hurt-children', question: 'Have they ever hurt the children?' },
  { code: 'threatened-children', question: 'Have they ever threatened to hurt or kill the children?' },
  { code: 'abuse-more-often', question: 'Is the abuse happening more often?' },
  { code: 'abuse-getting-worse', question: 'Is the abuse getting worse?' },
  { code: 'controlling-jealous', question: 'Do they try to control what you do, or are they very jealous?' },
  { code: 'weapons-used', question: 'Have they ever used a weapon or an object to hurt you?' },
  { code: 'threat-to-kill', question: 'Have they ever threatened to kill you, and did you believe them?' },
  { code: 'strangulation', question: 'Have they ever choked, strangled, suffocated or tried to drown you?' },
  { code: 'sexual-abuse', question: 'Do they do or say sexual things that make you feel bad or hurt you?' },
  { code: 'other-person-threatening', question: 'Is anyone else threatening you or scaring you?' },
  { code: 'abuser-hurt-others', question: 'Do you know if they have hurt anyone else?' },
  { code: 'abuser-harmed-animals', question: 'Have they ever hurt or threatened a pet or other animal?' },
  { code: 'financial-issues', question: 'Are there money problems, or do they control your money?' },
  { code: 'abuser-substances-mental-health', question: 'Do they have problems with drugs, alcohol or mental health?' },
  { code: 'abuser-suicide-threats', question: 'Have they ever threatened or tried to kill themselves?' },
  { code: 'abuser-breached-orders', question: 'Have they broken bail, an injunction or a court order?' },
  { code: 'abuser-criminal-history', question: 'Do you know if they have been in trouble with the police?' },
] as const;

export type IndicatorCode = (typeof DASH_INDICATORS)[number]['code'];

export const INDICATOR_CODES = DASH_INDICATORS.map((indicator) => indicator.code) as [
  IndicatorCode,
  ...IndicatorCode[],
];

/** A raw answer is kept exactly as given, "don't know" included. */
export const INDICATOR_ANSWERS = ['yes', 'no', 'dont-know'] as const;
export type IndicatorAnswer = (typeof INDICATOR_ANSWERS)[number];
