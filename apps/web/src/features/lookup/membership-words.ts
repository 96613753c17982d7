/** The class a step's lookup state gets: in, out or unknown (a rank without a finished run). */
export const membershipWord = (member: boolean | null | undefined): 'in' | 'out' | 'unknown' =>
  member === true ? 'in' : member === false ? 'out' : 'unknown';
