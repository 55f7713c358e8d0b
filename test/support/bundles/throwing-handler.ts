/** A handler that fails, bundled by test/unit/scripts/stack-trace.test.ts to read its trace back. */
export const handler = async (event: { fail: boolean }): Promise<string> => {
  if (event.fail) throw new Error('the handler failed on purpose');
  return 'ok';
};
