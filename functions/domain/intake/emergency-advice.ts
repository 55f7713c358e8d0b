/** Shown with the receipt whenever a red flag is raised (shared/domain.md §2). */
export const EMERGENCY_ADVICE =
  'If you are in danger now, call 999. If you cannot speak, call 999, listen, then press 55 when asked ' +
  '(the Silent Solution). From a textphone use 18000. You can also ask for ANI at a participating pharmacy.';
